"""Public data whose terms keep it out of this repository: fetched by the user, joined
with the stand-off labels the project ships.

PolNeAR (real 2016 US election news, every attribution annotated) has no licence, so
``datasets/polnear-stance/`` ships only labels: for each attribution its article, its id,
its character offsets, the speaker, the subject and the labels, plus the SHA-256 of every
article it needs. ``stance datasets fetch polnear`` downloads the corpus from its public
repository at a pinned commit (or copies a local copy, ``--from``), keeps the articles
whose checksum matches, and writes ordinary records (``train.jsonl``, ``dev.jsonl``) and
article files into the user data folder (``$STANCE_DATA``). Only the articles are
needed: the labels carry every offset.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from stance.records import StanceError

POLNEAR_COMMIT = "c3eee833c035bf7b8c84f55b58c0bf7346cfae76"
POLNEAR_URL = f"https://github.com/networkdynamics/PolNeAR/archive/{POLNEAR_COMMIT}.zip"
SPLITS = ("train", "dev")
LABELS_FILE = "labels.jsonl"
#: Which shipped label set each fetchable corpus serves.
FETCHABLE = {"polnear": "polnear-stance"}


def _labels(folder: Path) -> list[dict]:
    path = folder / LABELS_FILE
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def _needed(labels: list[dict]) -> dict[str, str]:
    """Article name -> its SHA-256, for every article the labels refer to."""
    return {row["doc"]: row["article_sha256"] for row in labels}


def _candidates(source: Path) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of every .txt file in a folder tree or a zip archive."""
    if source.is_dir():
        for path in sorted(source.rglob("*.txt")):
            yield path.name, path.read_bytes()
        return
    try:
        with zipfile.ZipFile(source) as archive:
            for member in archive.namelist():
                if member.endswith(".txt"):
                    yield Path(member).name, archive.read(member)
    except zipfile.BadZipFile:
        raise StanceError(f"{source}: not a folder or a zip archive of PolNeAR") from None


def _download(url: str, destination: Path, *, timeout: float = 60) -> Path:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            data = response.read()
    except (OSError, ValueError) as error:
        raise StanceError(f"cannot download {url} ({error}); try --from a local copy") from None
    destination.write_bytes(data)
    return destination


def fetch(name: str, *, source: Path | None = None, url: str | None = None) -> Iterator[str]:
    """Fetch a public corpus and join it with the shipped labels; yields progress lines."""
    from stance.catalog import dataset_path, user_data_folder

    if name not in FETCHABLE:
        raise StanceError(f"no fetchable data set named {name!r}; known: {', '.join(FETCHABLE)}")
    labels_folder = dataset_path(FETCHABLE[name])
    target = user_data_folder() / FETCHABLE[name]
    yield from fetch_into(labels_folder, target, source=source, url=url or POLNEAR_URL)


def fetch_into(
    labels_folder: Path, target: Path, *, source: Path | None, url: str
) -> Iterator[str]:
    """Get the articles the labels need (from ``source`` or ``url``), check them, write
    records and articles into ``target`` (replaced only when everything succeeded)."""
    labels = _labels(labels_folder)
    needed = _needed(labels)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".fetch-") as work:
        work = Path(work)
        if source is None:
            yield f"downloading {url}"
            source = _download(url, work / "download.zip")
        elif not source.exists():
            raise StanceError(f"{source}: no such folder or file")
        found: dict[str, bytes] = {}
        mismatched = []
        for file_name, data in _candidates(Path(source)):
            if file_name in needed and file_name not in found:
                if hashlib.sha256(data).hexdigest() == needed[file_name]:
                    found[file_name] = data
                else:
                    mismatched.append(file_name)
        missing = sorted(set(needed) - set(found))
        if missing:
            detail = f"{len(mismatched)} differ from the pinned version" if mismatched else ""
            raise StanceError(
                f"{source}: {len(missing)} of the {len(needed)} articles the labels need are "
                f"missing or changed ({detail or 'not found'}; first: {missing[0]}); nothing "
                "was written"
            )
        staged = work / "out"
        (staged / "articles").mkdir(parents=True)
        for file_name, data in found.items():
            (staged / "articles" / file_name).write_bytes(data)
        counts = _write_records(labels, staged)
        (staged / "SOURCE.txt").write_text(
            f"PolNeAR v1.0.0, commit {POLNEAR_COMMIT}, from {source if url is None else url}\n"
            "Terms: the repository states no licence; for research use only, not for "
            "redistribution.\n",
            encoding="utf-8",
        )
        if target.exists():
            shutil.rmtree(target)
        os.replace(staged, target)
    yield f"checked {len(found)} articles (SHA-256 as pinned)"
    for split, n in counts.items():
        yield f"wrote {n} {split} records to {target / (split + '.jsonl')}"


def record_text(text: str, row: dict) -> tuple[int, int]:
    """The span a record holds: source, cue and content of the attribution together."""
    starts = [
        row[k] for k in ("source_start", "cue_start", "content_start") if row.get(k) is not None
    ]
    ends = [row[k] for k in ("source_end", "cue_end", "content_end") if row.get(k) is not None]
    return min(starts), max(ends)


def _write_records(labels: list[dict], folder: Path) -> Counter:
    counts: Counter = Counter()
    texts: dict[str, str] = {}
    rows: dict[str, list[str]] = {split: [] for split in SPLITS}
    for row in labels:
        doc = row["doc"]
        if doc not in texts:
            texts[doc] = (folder / "articles" / doc).read_bytes().decode("utf-8")
        start, end = record_text(texts[doc], row)
        record = {
            "id": f"{doc}#{row['attribution']}",
            "doc": doc.removesuffix(".txt"),
            "text": " ".join(texts[doc][start:end].split()),
            "speaker": row["speaker"],
            "subject": row["subject"],
            "stance": row["stance"],
            "reaction": row["reaction"],
            "start": start,
            "end": end,
        }
        rows[row["split"]].append(json.dumps(record, ensure_ascii=False))
        counts[row["split"]] += 1
    for split, lines in rows.items():
        (folder / f"{split}.jsonl").write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return counts


def joined_records(name: str, *, split: str | None) -> Path:
    """The records file of a fetched data set (``polnear-stance``: the training split)."""
    from stance.catalog import user_data_folder

    split = split or "train"
    if split not in SPLITS:
        raise StanceError(f"{name} has the splits {', '.join(SPLITS)}, not {split!r}")
    path = user_data_folder() / name / f"{split}.jsonl"
    if not path.is_file():
        raise StanceError(
            f"{name}: its articles are not fetched yet (looked in {path.parent}); run "
            "`stance datasets fetch polnear` (or `--from` a local copy)"
        )
    return path


def fetched_status(name: str, folder: Path, description: str):
    """The data set listing of a fetched data set: label counts, and whether it is fetched."""
    from stance.catalog import DatasetInfo, user_data_folder

    labels = _labels(folder)
    stance = Counter(row["stance"] for row in labels)
    reaction = Counter(row["reaction"] for row in labels)
    fetched = (user_data_folder() / name / "train.jsonl").is_file()
    splits = Counter(row["split"] for row in labels)
    note = "fetched" if fetched else "labels only: run `stance datasets fetch polnear`"
    return DatasetInfo(
        name,
        f"{description} ({', '.join(f'{k} {v}' for k, v in splits.items())})",
        folder,
        len(labels),
        len({row["doc"] for row in labels}),
        {"stance": dict(sorted(stance.items())), "reaction": dict(sorted(reaction.items()))},
        fetched,
        note,
    )
