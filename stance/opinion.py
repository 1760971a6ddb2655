"""Opinion words: the evaluative and stance-taking vocabulary of news, written for stance.

Sparse n-grams learn each opinion word separately and forget the ones training never
saw. These lists pool them: a sentence that calls something "reckless", "a shambles"
or "a betrayal" shows the same negative evaluation, one that "backs", "welcomes" or
"champions" it the same support. The lists were written for this project (general
English, no external lexicon copied); :class:`stance.context.PolarityView` counts them,
with negation flipping the sense ("does not support" counts as opposing).
"""

from __future__ import annotations

from stance.attribution.lexicon import word_set

#: Words that evaluate their target well (adjectives, nouns, verbs of approval).
POSITIVE = word_set(
    "good great excellent outstanding superb fine fair sensible reasonable sound wise smart"
    " brilliant impressive remarkable admirable welcome welcomed welcomes welcoming"
    " promising encouraging positive hopeful optimistic confident proud pleased delighted"
    " happy glad thrilled excited grateful thankful relieved success successful succeed"
    " succeeded succeeds win wins won winning victory triumph breakthrough milestone"
    " achievement progress improve improved improves improvement improvements benefit"
    " benefits beneficial boost boosts boosted gain gains strong stronger strength robust"
    " safe safer secure reliable effective efficient affordable fairer better best"
    " praise praised praises praising applaud applauded applauds commend commended"
    " congratulate congratulated hail hailed salute saluted celebrate celebrated"
    " right correct justified necessary vital essential crucial important valuable"
    " historic landmark bold courageous brave visionary honest transparent accountable"
    " trust trusted trustworthy credible competent capable skilled talented leadership"
    " leader deserved deserves deserving worthy merit merits helpful help helps helped"
    " protect protects protected protecting protection save saves saved saving"
    " thrive thriving flourish prosperous prosperity opportunity opportunities"
    " innovative modern clean greener cleaner healthier fairness justice"
    " reassuring reassured reassure calm calmly steady stable stability"
    " enthusiastic enthusiasm passion passionate inspiring inspired inspiration"
    " love loved loves admire admired respect respected respects"
)

#: Words that evaluate their target badly (adjectives, nouns, verbs of disapproval).
NEGATIVE = word_set(
    "bad poor terrible awful dreadful appalling disgraceful disgrace shameful shame"
    " outrageous outrage outraged scandal scandalous disaster disastrous catastrophe"
    " catastrophic chaos chaotic mess shambles fiasco farce failure fail fails failed"
    " failing flawed flaw flaws wrong mistake mistaken misguided reckless careless"
    " irresponsible dangerous danger dangers risky risk risks threat threatens threatened"
    " harmful harm harms damage damaging damaged destroy destroys destroyed destructive"
    " unfair unjust injustice unacceptable unjustified unnecessary pointless useless"
    " waste wasteful costly expensive unaffordable burden punish punishes punishing"
    " cruel callous heartless arrogant incompetent incompetence weak weakness corrupt"
    " corruption dishonest lies lie lied lying liar misleading deceptive deceit hypocrisy"
    " hypocritical betrayal betray betrayed betrays broken abandon abandoned abandons"
    " fear fears feared afraid worry worried worries worrying concern concerns concerned"
    " alarm alarmed alarming anger angry furious fury frustrated frustration frustrating"
    " disappointed disappointing disappointment dismay dismayed upset sad regret"
    " regrettable criticise criticised criticises criticize criticized criticizes"
    " criticism critic critics condemn condemned condemns condemnation denounce"
    " denounced slam slammed slams blast blasted attack attacked attacks attacking"
    " blame blamed blames accuse accused accuses accusation mock mocked ridicule"
    " ridiculous absurd nonsense laughable insult insulting offensive disgusting"
    " ugly toxic poisonous reckless chaotic crisis crises collapse collapsed decline"
    " declining worse worst worsen worsened hurt hurts hurting suffer suffering loss"
    " losses lose loses losing lost undermine undermines undermined erode erodes"
    " neglect neglected negligence scare scared scary doubt doubts doubtful sceptical"
    " skeptical suspicious questionable dubious unworthy unfit unqualified"
    " shocking shocked sham bogus fake hoax rigged illegal unlawful unconstitutional"
    " overreach draconian authoritarian dictator intrusive invasive surveillance"
    " hate hated hates dislike disliked"
)

#: Verbs and phrases of taking a side toward something (the object is what is judged).
SUPPORT = word_set(
    "support supports supported supporting supporter supporters back backs backed"
    " backing endorse endorses endorsed endorsement champion champions championed"
    " defend defends defended defending favour favours favoured favor favors favored"
    " approve approves approved approval embrace embraced embraces advocate advocates"
    " advocated urge urged urges"
)
OPPOSE = word_set(
    "oppose opposes opposed opposing opponent opponents opposition reject rejects"
    " rejected rejecting against resist resists resisted fight fights fought fighting"
    " block blocks blocked blocking scrap scrapped scrapping ditch ditched repeal"
    " repealed overturn overturned halt halted stop stopped stopping ban banned veto"
    " vetoed challenge challenged challenges boycott boycotted protest protested"
    " protesters protests scrutinise scrutinize"
)

NEGATORS = word_set(
    "not no never cannot nor neither nothing nobody without hardly barely don't doesn't"
    " didn't won't wouldn't isn't aren't wasn't weren't can't couldn't shouldn't"
    " dont doesnt didnt wont wouldnt isnt arent wasnt werent cant couldnt shouldnt"
)
