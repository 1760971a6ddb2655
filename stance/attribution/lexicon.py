"""Word lists the attribution rules rely on: first names, titles, role and organisation nouns.

Everything is lower case; callers compare with ``word.lower()``. The lists are general
English newswire vocabulary, not names taken from any particular article.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text``."""
    return frozenset(text.split())


#: Common first names by gender, across cultures (several hundred each).
MALE_NAMES = word_set("""
aaron abdul oluwaseun chidi ikechukwu abdullah abiy adam adrian ahmad ahmed ahmet alan
albert alberto aleksandar alex
alexander alexandre alexei alexey alfie alfred ali alistair amir amit anatoly anders andre
andreas andrei andrew andrey andres angelo angus anil anthony anton antonio antoine arjun
arnold arthur arvind ashok austin avi barack barry ben benjamin bernard bernardo bill billy
bjorn bob bobby bogdan bola boris brandon brendan brian bruce bruno bryan callum calvin carl
carlos cedric charles charlie chen chinedu chris christian christoph christopher chuck ciaran
clive colin conor craig cyril dale damian dan daniel danny darren dave david dean declan
deepak dennis derek desmond diego dieter dmitri dmitry dominic donald douglas dragan duncan
dylan ed eddie edgar edmund eduardo edward ehud elijah emeka emil emmanuel enrique eoin eric
erik ernest ethan eugene evan fabio fadi felipe felix fergus fernando florian francesco
francis francisco francois frank franz fred freddie frederick friedrich fumio gabriel gareth
gary gavin gennady geoffrey george gerald gerhard giorgio giovanni giuseppe glenn gordon
goran graham grant gregor gregory guillaume gunnar gustav hamid hamish hans harald harold
haruki harry hassan heinz helmut henrik henry herbert hiroshi howard hugh hugo hussein ian
ibrahim igor ingo isaac istvan ivan jack jacob jacques jake james jamie jan janos jason javier
jeff jeffrey jeremy jerome jerry jesse jian jim jimmy joachim joao joe joel johan johann john
jomo jon jonas jonathan jorge jose josef joseph joshua juan julian julien jun jurgen justin
kamal karim karl keir keith ken kenji kenneth kevin khalid klaus kofi konrad krishna krzysztof
kurt kwame kwesi kyle lars laszlo laurent lawrence lee lei leo leon leonard liam lorenzo louis
luca lucas luigi luis lukas luke magnus mahmoud malcolm manfred manuel marc marcel marco marcus
mario mark marko martin mason mateo matteo matthew matthias max maxim mehmet michael michel
miguel mikhail milan ming mohamed mohammad mohammed mohan moshe muhammad mustafa nabil narendra
nathan neil nelson nicholas nick nicolas niall nigel nikita nikola nikolai nils nitin noah
norman olaf oleg oliver olivier omar oscar osman otto owen pablo padraig paolo patrick paul
pavel pawel pedro per peter petr petro philip philippe pierre piotr pradeep rafael rahul raj
rajesh ralph ramesh randy raul ravi ray raymond recep reza ricardo richard rick rishi rob
robert roberto robin rodrigo roger rohan roland roman ronald rory ross roy rui rupert russell
ryan salman sam samir samuel sanjay scott sean sebastian sergei sergey sergio seth shimon
shinzo sidney simon stanislav stefan stephen steve steven stuart sunil suresh sven taras
takeshi tariq ted terry theo thabo thomas tiago tim timothy tobias todd tom tomas tomasz tony
trevor tunde tyler uhuru ulrich vaclav victor vijay vikram viktor vincent vladimir volodymyr
walid walter warren wayne wei werner willem william wolfgang xavier yair yaw yitzhak yoshihide
youssef yuri yusuf zachary zoran
aditya akira alasdair alessandro andriy arvid axel babatunde bram cathal chukwuemeka cillian
colm daisuke darragh davide dirk dmytro donal eirik elias erlend euan ewan ezra federico
femi fionn frederik grzegorz gunter gustaf haakon halvard haruto horst ilya jakub jens
jeroen joost karthik kasper kayode kiprono knut koen kojo kwabena kwaku lachlan linus ludvig
lukasz maarten mads marek mikkel misha morten murdo mykola nuno obinna oisin olav ole
oleksandr oskar otieno pieter ragnar rasmus riccardo rohit ronan ruaridh sander seamus segun
serhiy soren stefano stijn takashi tam thijs thorsten tor torbjorn torsten uwe wanjala
wojciech wouter
""")

FEMALE_NAMES = word_set("""
abena abigail kasia adele adriana agnes agnieszka aileen aisha akosua alessandra alexandra alice
alicia alison amanda amber amelia amina amira amy ana anastasia andrea angela angelika
angelina anita anja anjali ann anna annalena anne annette antonia anya aoife ashley astrid
aylin ayse barbara beatriz beatrice belinda bernadette beth bettina betty beverly birgit
brenda bridget brigitte britta brittany camille carla carmen carol caroline carolyn catherine
cecilia celine charlotte chiara chloe christina christine claire clara claudia colette
cristina cynthia dagmar dagny daniela danielle daphne deborah debra deepika denise diana
diane dilma dolores donna doris dorothy edith eilidh elaine eleanor elena elif elin elisa
elisabeth eliza elizabeth ella ellen ellie eloise elsa emily emma erica erika esther eva
evelyn ewa fatima fatma felicity fernanda fiona folake frances francesca francoise freya
gabriela gabrielle galina georgia gillian gina giorgia gisela giulia gloria grace greta
gwen hana hannah harriet hazel heather heidi helen helena helga hillary holly ida ilse imogen
indira ines ingrid irena irene irina iris iryna isabel isabella isabelle isla ivana jacqueline
jana jane janet janice jasmine jean jennifer jenny jessica jill joan joanna jocelyn josephine
joyce judith judy julia julie juliet justine kamala karen karin katarzyna kate katharina
katherine kathleen kathryn katie katrin kavita kayla keiko kelly khadija kim kirsty klara
kristina lakshmi laura lauren layla leah leila lena leonie lila liliana lily linda lisa liz
lorna lucia lucy luisa lydia lyudmila madeleine madison magdalena maja malgorzata mandy
manon margaret margarita margit maria mariam marianne marie marilyn marina marine marion
marjorie marta martha martina mary maryam matilda maya meena megan mei melanie melissa
meredith mia michelle mila mildred milena mina miriam monica monika morag nadia nadine nancy
naomi natalia natalie nathalie neha ngozi nicola nicole niamh nina nirmala noor nora olga
olivia orla paola patricia paula pauline penelope petra philippa pilar pooja poppy priti priya
rachel rania rasa rebecca renate rita roberta rosa rosalind rose rosemary ruth sabine sabrina
sakura samantha samira sana sandra sara sarah segolene sharon sheila shirley silvia simone
sinead siobhan smriti sofia sonia sophia sophie stephanie sunita susan susanne suzanne
svetlana sylvia sylvie tamara tanya tatiana teresa theresa tina ulrike ursula valentina
valeria vanessa vera veronica victoria viktoria violet virginia wanjiru wendy winifred winnie
yasmin ying yoko yuko yulia yvette yvonne zeynep zodwa zoe zofia zuzana
abimbola achieng adaeze adwoa agneta aiko ailsa aine aishwarya akinyi akua alessia alina
alva ama aminata anastasiya andreea anke annelies annika anniken anouk aoibhinn beata bethan
bianca birgitte britt carys catriona cerys charlotta chiamaka clodagh daria deirdre divya
dorota dorte ebba efua eimear ekaterina els esi fatou federica femke ffion fionnuala fleur
folasade frida funmilayo grainne greet grethe gudrun gunilla halina hanne hanneke haruka
hege heike helle henrietta hildegard ilaria ineke inga ingeborg ioana iona jadwiga johanna
kari katja katrien kavya kerstin kirsten ksenia lene leonor liesel lieve lindiwe linnea lise
liv lotte maaike mairead malin maren margarida margo marieke mariko marit marlene matilde
meera mercedes mette mhairi mihaela mirjam moira morven naledi naoko nataliya nia njeri
nomvula nuala oksana olena pia polina priyanka ragnhild raluca rhiannon rhona rocio roisin
roos saga sanna sanne saoirse saskia senga serena shona shreya sian sigrid sile silke simona
siri solveig stina tetiana thandiwe tine titilayo tove trine tuva ulla una ute veerle
wanjiku wilhelmina wilma yana yetunde yuki zuzanna
""")

#: Titles and honorifics that may precede a name, and their gender where they carry one.
MALE_TITLES = word_set(
    "mr mr. sir lord king prince father brother duke earl baron emperor sheikh rabbi"
    " congressman chairman spokesman businessman alderman councilman"
)
FEMALE_TITLES = word_set(
    "mrs mrs. ms ms. miss dame lady queen princess sister mother duchess countess baroness"
    " empress congresswoman chairwoman spokeswoman businesswoman alderwoman councilwoman"
)
PERSON_TITLES = (
    MALE_TITLES
    | FEMALE_TITLES
    | word_set("""
dr dr. prof prof. sen sen. rep rep. gov gov. gen gen. lt lt. col col. capt capt. sgt sgt.
adm adm. rev rev. hon hon. fr fr. mx president vice prime minister secretary senator
representative governor mayor chancellor premier pope cardinal archbishop bishop imam judge
justice general colonel captain commander admiral sergeant lieutenant major marshal officer
chief deputy acting former ambassador commissioner director chair chairperson ceo coach
manager professor doctor inspector superintendent detective constable speaker leader head
executive councillor councilor assemblyman assemblywoman economist analyst attorney
prosecutor lawyer minister-president sheriff provost rector chief-executive cllr cllr. amb amb.
""")
)

#: Person roles and their synonym class: the class is what coreference compares.
ROLE_CLASSES: dict[str, str] = {}
for _cls, _members in {
    "aide": "aide assistant adviser advisor helper counsellor counselor confidant",
    "spokesperson": "spokesperson spokesman spokeswoman representative mouthpiece",
    "leader": "leader head chief chair chairman chairwoman chairperson boss",
    "executive": "executive ceo chief-executive director-general md",
    "minister": "minister secretary",
    "lawmaker": "lawmaker legislator senator congressman congresswoman mp parliamentarian",
    "scientist": "scientist researcher geneticist biologist physicist chemist expert academic",
    "official": "official officer functionary bureaucrat",
    "coach": "coach manager trainer",
    "lawyer": "lawyer attorney counsel barrister solicitor",
    "judge": "judge justice magistrate",
    "diplomat": "diplomat envoy ambassador",
}.items():
    for _word in _members.split():
        ROLE_CLASSES[_word] = _cls

#: Nouns that name a person by role ("the treasurer", "a portfolio manager").
PERSON_NOUNS = frozenset(ROLE_CLASSES) | word_set("""
president vice-president premier chancellor governor mayor deputy treasurer auditor clerk
director commissioner inspector economist analyst strategist professor lecturer doctor
surgeon nurse teacher headteacher principal student campaigner activist organiser organizer
founder owner farmer grower resident landlord tenant driver captain striker goalkeeper
defender midfielder player referee umpire teenager veteran pensioner voter worker employee
engineer operator mechanic pilot soldier general colonel commander sergeant detective
superintendent constable sheriff prosecutor defendant witness victim survivor mother father
son daughter wife husband widow author writer novelist journalist editor reporter broadcaster
commentator pundit historian philosopher priest bishop archbishop cardinal pope imam rabbi
pastor vicar monk nun king queen prince princess monarch dictator candidate challenger
incumbent nominee councillor councilor alderman delegate negotiator mediator
member chief-of-staff entrepreneur investor banker trader broker accountant consultant
planner architect designer developer programmer officer-in-charge critic opponent supporter
protester protestor fan parent neighbour neighbor shopkeeper commuter passenger traveller
traveler patient customer shareholder owner homeowner landowner resident local gp mep
actor actress singer rapper comedian host anchor star celebrity columnist blogger
person friend source insider observer staffer pollster donor backer loyalist ally rival
foe colleague classmate relative cousin brother sister uncle aunt grandmother grandfather
woman man girl boy child spectator onlooker demonstrator marcher attendee participant
volunteer advocate consumer taxpayer citizen immigrant refugee conservative liberal
progressive moderate evangelical constituent caller viewer reader listener organizer
""")

#: Nouns that name an organisation or a body of people acting as one.
ORG_NOUNS = word_set("""
agency authority regulator watchdog body organisation organization institution ministry
department office bureau commission committee council board government administration
cabinet parliament senate assembly congress court tribunal party union federation
confederation association alliance coalition league club team society guild chamber
foundation trust charity fund institute university college school academy hospital clinic
police army navy military force forces company firm group corporation business bank lender
insurer carrier airline retailer manufacturer maker carmaker producer operator utility
consortium conglomerate network broadcaster publisher newspaper station service services
embassy mission secretariat kremlin pentagon commune city county state inc inc. corp corp.
ltd ltd. plc llc co co. holdings partners motors industries airlines bloc campaign movement
centre center laboratory lab observatory monitor exchange port engineering energy
technologies systems solutions labs pharmaceuticals media foods logistics capital ventures
airways railways telecom bank app platform channel ai pharma drugmaker automaker chipmaker
planemaker steelmaker giant panel jury airport zoo museum library orchestra festival
theatre theater diocese magazine railway supermarket brewery studio presidency opposition
""")

#: Two-word organisation nouns whose head alone is a common surname ("Peter Hall").
ORG_COMPOUNDS = frozenset({"city hall", "town hall"})

#: Generic organisation nouns that can stand for any organisation ("the company", "the group").
GENERIC_ORG_NOUNS = word_set("organisation organization group body institution bloc side")

#: Synonym classes among organisation nouns.
ORG_CLASSES: dict[str, str] = {}
for _cls, _members in {
    "authority": "authority agency regulator watchdog commission office bureau ministry department"
    " government administration court tribunal board committee parliament senate assembly",
    "company": "company firm corporation business maker manufacturer carmaker operator airline"
    " carrier retailer bank insurer lender consortium conglomerate producer utility motors"
    " industries partners holdings inc corp ltd plc llc ai engineering technologies systems"
    " solutions labs capital ventures start-up startup pharma drugmaker automaker chipmaker"
    " planemaker steelmaker giant",
    "union": "union federation confederation alliance association coalition guild league",
    "campaign": "campaign charity network trust foundation movement lobby",
}.items():
    for _word in _members.split():
        ORG_CLASSES[_word] = _cls

#: Heads that are documents or data rather than speakers ("the report said").
NON_SPEAKER_NOUNS = word_set("""
report study survey data figures statistics numbers poll research document plan bill law
decision move result results evidence analysis filing proposal agreement deal budget chart
table rules rule regulation text draft memo minutes ruling judgment verdict article paper
letter statement website page video footage photo photos image images record records
this that these those there what which it
""")

#: Pronouns that can be the subject of a reporting verb, with (number, gender).
PRONOUNS: dict[str, tuple[str, str]] = {
    "he": ("person", "m"),
    "him": ("person", "m"),
    "she": ("person", "f"),
    "her": ("person", "f"),
    "they": ("plural", ""),
    "them": ("plural", ""),
    "it": ("org", ""),
}

#: Determiners and quantifiers that can open a noun phrase.
DETERMINERS = word_set(
    "the a an his her its their our both all many several some most few two three four"
    " five six seven eight nine ten dozens hundreds thousands more other another each"
    " every one"
)

#: Name particles that may sit between capitalised parts of a personal name.
NAME_PARTICLES = word_set("de del della der di da dos du la le van von bin ibn al el ter")

#: Lower-case words allowed inside an organisation's capitalised name.
ORG_CONNECTORS = word_set("of for and the on & de")

#: Demonyms and party words that may precede a name without being part of it.
POLITICAL_WORDS = word_set(
    "republican democrat democratic labour conservative tory liberal green independent"
    " socialist communist nationalist centrist opposition"
)

#: Function words that open sentences but never name a speaker ("If", "When", "Thursday").
FUNCTION_WORDS = word_set(
    "if when while as but and or so yet because although though after before since until unless"
    " once then now here there this that these those it its what which who whom whose where why"
    " how not no yes also even just still only however meanwhile instead indeed thus hence"
    " i we you me us my our your today yesterday tomorrow tonight"
)

#: Calendar words: a capitalised run never continues into them ("Norvex on Wednesday").
CALENDAR_WORDS = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april"
    " may june july august september october november december"
)
