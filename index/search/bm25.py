"""BM25 over the chunks, in segments: adding or removing a file touches only what changed."""

# bm25s (used before) can only index a whole corpus at once: at 100k chunks every changed file
# cost a rebuild of ~30 s. Here new chunks go into small segments that are merged as they
# accumulate, deletions are a tombstone mask, and IDF and the average length are computed at
# query time from the live chunks, so the scores equal one index built from scratch
# (bm25s's "lucene" variant, k1=1.5, b=0.75). Segments are .npy files opened memory-mapped.

from __future__ import annotations

import json
import math
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from index.errors import IndexCorruptError
from index.heap import trim_heap
from index.search.bm25_segment import MASK_BITS, Bm25Doc, Segment, build_segment, merge_segments
from index.search.filters import ChunkFilter
from index.search.store import day_number, outlet_key
from index.search.terms import terms
from index.text.chunking import Chunk
from index.text.sentences import sentence_spans

K1, B = 1.5, 0.75
MANIFEST = "manifest.json"
# 4: a dotted abbreviation is one term ("U.S." -> "us"); 5: an irregular past form is its
# verb's term ("laid" -> "lay"). Older ones are rebuilt from the catalog.
FORMAT = 5
# Chunks buffered before they become a segment. A segment merges into the one before it
# when that one is not larger (a binary counter: each chunk is rewritten log2(N / seal) times,
# and the number of segments stays logarithmic); a mostly deleted segment is rewritten alone.
# A buffered chunk holds ~5.6 KB of Python lists and dicts against ~20 bytes per posting once
# sealed: at 50,000 the buffer of a full Reuters ingest (28.6k chunks) peaked near 160 MB.
_SEAL_DOCS = 8192
_MAX_SEGMENTS = 12
_MAX_DEAD_SHARE = 0.5


def bm25_doc(chunk: Chunk, sha: str) -> Bm25Doc:
    """What BM25 keeps of a chunk of a file with this content hash."""
    spans = sentence_spans(chunk.text)
    # Sentences cover every word of the text (only whitespace lies between them), so their
    # terms, after the title's, are the search text's: each word is stemmed once, not twice.
    per_sentence = [terms(chunk.text[start:end]) for start, end in spans]
    masks: dict[str, int] = {}
    for bit, found in enumerate(per_sentence[:MASK_BITS]):
        for term in set(found):
            masks[term] = masks.get(term, 0) | (1 << bit)
    doc_terms = terms(chunk.title) if chunk.title else []
    for found in per_sentence:
        doc_terms.extend(found)
    return Bm25Doc(
        id=chunk.id,
        path=chunk.path,
        sha=sha,
        outlet=outlet_key(chunk.outlet) if chunk.outlet else None,
        day=day_number(chunk.date) if chunk.date else 0,
        terms=doc_terms,
        sentence_masks=masks,
        sentence_count=len(spans),
    )


class Bm25Index:
    """Lexical search over chunk search texts with outlet/date filters; updated in place."""

    def __init__(
        self, segments: Sequence[Segment] = (), deleted: Sequence[np.ndarray | None] = ()
    ) -> None:
        self._segments = list(segments)
        self._live = [
            np.ones(len(s), dtype=bool) if d is None else ~np.asarray(d, dtype=bool)
            for s, d in zip(self._segments, deleted or [None] * len(self._segments), strict=True)
        ]
        self._pending: list[Bm25Doc] = []
        self._recount()

    def _recount(self) -> None:
        self._n = sum(int(np.count_nonzero(live)) for live in self._live)
        self._total_length = sum(
            float(np.asarray(s.lengths, dtype=np.float64)[live].sum())
            for s, live in zip(self._segments, self._live, strict=True)
        )
        self._df_cache: dict[str, int] = {}

    @classmethod
    def empty(cls) -> Bm25Index:
        return cls()

    @classmethod
    def build(cls, docs: Iterable[Bm25Doc]) -> Bm25Index:
        index = cls()
        index.add(docs)
        index.seal()
        return index

    def __len__(self) -> int:
        return self._n

    @property
    def segment_sizes(self) -> list[int]:
        return [len(s) for s in self._segments]

    # -- changes --------------------------------------------------------------------------
    def add(self, docs: Iterable[Bm25Doc]) -> None:
        """Buffer chunks; they become searchable at the next seal() (or save())."""
        self._pending.extend(docs)
        if len(self._pending) >= _SEAL_DOCS:
            self.seal()

    def remove_path(self, path: str) -> int:
        """Tombstone every chunk of a file; returns how many were live."""
        removed = 0
        before = len(self._pending)
        self._pending = [d for d in self._pending if d.path != path]
        removed += before - len(self._pending)
        for segment, live in zip(self._segments, self._live, strict=True):
            codes = segment.file_codes(path)
            if not codes:
                continue
            hit = np.isin(segment.files, codes) & live
            count = int(np.count_nonzero(hit))
            if count:
                live[hit] = False
                removed += count
                self._n -= count
                self._total_length -= float(np.asarray(segment.lengths)[hit].sum())
        if removed:
            self._df_cache = {}
        return removed

    def seal(self) -> None:
        """Turn buffered chunks into a segment and merge small segments."""
        if not self._pending:
            return
        docs, self._pending = self._pending, []
        self._segments.append(build_segment(_new_name(), docs))
        self._live.append(np.ones(len(docs), dtype=bool))
        self._n += len(docs)
        self._total_length += float(np.asarray(self._segments[-1].lengths).sum())
        self._df_cache = {}
        self._merge_small()
        trim_heap()  # the buffered docs and the build's temporaries are freed now

    def _merge_small(self) -> None:
        def live_count(i: int) -> int:
            return int(np.count_nonzero(self._live[i]))

        while len(self._segments) >= 2 and (
            live_count(-2) <= live_count(-1) or len(self._segments) > _MAX_SEGMENTS
        ):
            self._rewrite(len(self._segments) - 2, 2)

    def _compact(self) -> None:
        for i, live in enumerate(self._live):
            if len(live) and 1 - np.count_nonzero(live) / len(live) > _MAX_DEAD_SHARE:
                self._rewrite(i, 1)

    def _rewrite(self, start: int, count: int) -> None:
        """Replace segments [start, start+count) by one holding only their live chunks."""
        parts = list(
            zip(
                self._segments[start : start + count],
                self._live[start : start + count],
                strict=True,
            )
        )
        merged = merge_segments(_new_name(), parts)
        keep = [merged] if len(merged) else []
        self._segments[start : start + count] = keep
        self._live[start : start + count] = [np.ones(len(s), dtype=bool) for s in keep]

    def live_files(self) -> dict[str, str]:
        """Path -> content hash of every file with live chunks here (sealed or buffered)."""
        found = {d.path: d.sha for d in self._pending}
        for segment, live in zip(self._segments, self._live, strict=True):
            for code in np.unique(np.asarray(segment.files)[live]):
                path, sha = segment.file_table[int(code)]
                found[path] = sha
        return found

    # -- scoring --------------------------------------------------------------------------
    def _df(self, term: str) -> int:
        cached = self._df_cache.get(term)
        if cached is not None:
            return cached
        df = 0
        for segment, live in zip(self._segments, self._live, strict=True):
            found = segment.postings(term)
            if found is not None:
                df += int(np.count_nonzero(live[found[0]]))
        self._df_cache[term] = df
        return df

    def idf(self, words: Iterable[str]) -> dict[str, float]:
        """BM25 inverse document frequency of stemmed terms; unseen terms get the maximum."""
        n = self._n
        if not n:
            top = 1.0
            return {w: top for w in words}
        return {w: _idf(n, self._df(w)) for w in words}

    def search(self, query: str, k: int, flt: ChunkFilter | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with a positive score."""
        counts = Counter(terms(query))
        if not self._n or k <= 0 or not counts:
            return []
        weights = {t: c * _idf(self._n, df) for t, c in counts.items() if (df := self._df(t))}
        if not weights:
            return []
        average = self._total_length / self._n
        best: list[tuple[float, int, int]] = []
        for number, (segment, live) in enumerate(zip(self._segments, self._live, strict=True)):
            scores = _segment_scores(segment, weights, average)
            if scores is None:
                continue
            keep = live if flt is None or flt.is_empty() else live & _filter_mask(segment, flt)
            scores = np.where(keep, scores, np.float32(0.0))
            top = _top(scores, k)
            best.extend((float(scores[i]), number, int(i)) for i in top if scores[i] > 0)
        best.sort(key=lambda t: (-t[0], t[1], t[2]))
        return [(self._segments[s].chunk_id(d), score) for score, s, d in best[:k]]

    def sentence_coverage(self, ids: Sequence[str], weights: dict[str, float]) -> dict[str, float]:
        """index.search.retrieval.sentence_coverage of these chunks, from the sentence bitmasks kept
        with the postings instead of re-tokenising their text; chunks it cannot place (not
        indexed, or more than MASK_BITS sentences) are left out."""
        encoded = [i.encode("utf-8", "surrogatepass") for i in ids]
        pending = list(range(len(ids)))
        out: dict[str, float] = {}
        total = sum(weights.values())
        for segment, live in zip(self._segments, self._live, strict=True):
            if not pending:
                break
            docs = segment.find([encoded[i] for i in pending])
            here = [(i, int(d)) for i, d in zip(pending, docs, strict=True) if d >= 0 and live[d]]
            placed = {i for i, _ in here}
            pending = [i for i in pending if i not in placed]
            usable = [(i, d) for i, d in here if int(segment.sentences[d]) <= MASK_BITS]
            if usable:
                values = _coverage(segment, [d for _, d in usable], weights, total)
                out.update((ids[i], v) for (i, _), v in zip(usable, values, strict=True))
        return out

    # -- persistence ----------------------------------------------------------------------
    def save(self, folder: Path, generation: int) -> None:
        """Write new segments and tombstones, then switch the manifest atomically."""
        self.seal()
        self._compact()
        folder.mkdir(parents=True, exist_ok=True)
        entries = []
        for segment, live in zip(self._segments, self._live, strict=True):
            if not segment.saved:
                segment.save(folder)
            deleted = None
            if not live.all():
                deleted = f"deleted-{_new_name()}.npy"
                np.save(folder / deleted, ~live, allow_pickle=False)
            entries.append({"name": segment.name, "deleted": deleted})
        manifest = {"format": FORMAT, "generation": generation, "segments": entries}
        tmp = folder / f"{MANIFEST}.{uuid.uuid4().hex}.tmp"
        tmp.write_text(json.dumps(manifest), encoding="utf-8")
        os.replace(tmp, folder / MANIFEST)
        _remove_unreferenced(folder, entries)

    @classmethod
    def load(cls, folder: Path) -> tuple[Bm25Index, int]:
        """The saved index and the catalog generation it matches."""
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                raise ValueError(f"format {manifest.get('format')}")
            entries = manifest["segments"]
            generation = int(manifest["generation"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexCorruptError(f"The BM25 index in {folder} cannot be read ({exc}).") from exc
        segments = [Segment.load(folder, e["name"]) for e in entries]
        deleted = [
            np.load(folder / e["deleted"], allow_pickle=False) if e["deleted"] else None
            for e in entries
        ]
        return cls(segments, deleted), generation


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _segment_scores(
    segment: Segment, weights: dict[str, float], average: float
) -> np.ndarray | None:
    scores: np.ndarray | None = None
    for term, weight in weights.items():
        found = segment.postings(term)
        if found is None:
            continue
        docs, tfs = found
        if scores is None:
            scores = np.zeros(len(segment), dtype=np.float32)
        norm = np.float32(K1) * (
            np.float32(1 - B) + np.float32(B / average) * segment.lengths[docs]
        )
        scores[docs] += np.float32(weight) * tfs / (tfs + norm)
    return scores


def _coverage(
    segment: Segment, docs: list[int], weights: dict[str, float], total: float
) -> list[float]:
    """Per chunk, the best sentence's share of the weights (terms added in weights order, so
    the sums equal the text-based computation's)."""
    if total <= 0:
        return [0.0] * len(docs)
    wanted = np.asarray(docs, dtype=np.int64)
    shifts = np.arange(MASK_BITS, dtype=np.uint64)
    scores = np.zeros((len(docs), MASK_BITS), dtype=np.float64)
    for term, weight in weights.items():
        found = segment.postings(term)
        if found is None:
            continue
        posting_docs = found[0]
        start = int(segment.indptr[segment.rows[term]])
        at = np.minimum(np.searchsorted(posting_docs, wanted), len(posting_docs) - 1)
        hit = posting_docs[at] == wanted
        masks = np.where(hit, segment.masks[start + at], np.uint64(0))
        bits = (masks[:, None] >> shifts) & np.uint64(1)
        scores += weight * bits.astype(np.float64)
    return [float(v) / total for v in scores.max(axis=1)]


def _filter_mask(segment: Segment, flt: ChunkFilter) -> np.ndarray:
    mask = np.ones(len(segment), dtype=bool)
    if flt.outlet_keys:
        mask &= np.isin(segment.outlets, segment.outlet_codes(flt.outlet_keys))
    days = np.asarray(segment.days)
    if flt.since_day is not None:
        mask &= (days >= flt.since_day) & (days > 0)
    if flt.until_day is not None:
        mask &= (days <= flt.until_day) & (days > 0)
    return mask


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return top[np.argsort(-scores[top], kind="stable")]


def _new_name() -> str:
    return f"seg-{uuid.uuid4().hex[:12]}"


def _remove_unreferenced(folder: Path, entries: list[dict[str, str | None]]) -> None:
    """Delete files of older manifests and interrupted saves (open memory maps keep working
    on POSIX; only the holder of the ingest lock saves)."""
    keep = {MANIFEST} | {str(e["name"]) for e in entries} | {str(e["deleted"]) for e in entries}
    for entry in folder.iterdir():
        if entry.name in keep:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
