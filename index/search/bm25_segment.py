"""One immutable BM25 segment: term postings in CSR form plus per-chunk columns, as .npy files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import IndexCorruptError

_ARRAYS = (
    "indptr",
    "docs",
    "tfs",
    "masks",
    "lengths",
    "sentences",
    "ids",
    "id_order",
    "days",
    "outlets",
    "files",
)
# Sentences per chunk that postings can place a term in (one bit each); a chunk with more has
# its sentence coverage computed from its text instead.
MASK_BITS = 64


@dataclass(frozen=True)
class Bm25Doc:
    """One chunk as BM25 sees it; ``sha`` is its file's content hash, to reconcile with the
    catalog after a crash."""

    id: str
    path: str
    sha: str
    outlet: str | None
    day: int
    terms: list[str]
    sentence_masks: dict[str, int]
    sentence_count: int


class Segment:
    """Postings of one batch of chunks; never changed once built (deletions live elsewhere)."""

    def __init__(
        self,
        name: str,
        vocab: list[str],
        arrays: dict[str, np.ndarray],
        outlet_names: list[str],
        file_table: list[tuple[str, str]],
    ) -> None:
        self.name = name
        self.vocab = vocab
        self.rows = {term: row for row, term in enumerate(vocab)}
        self.indptr = arrays["indptr"]
        self.docs = arrays["docs"]
        self.tfs = arrays["tfs"]
        self.masks = arrays["masks"]
        self.lengths = arrays["lengths"]
        self.sentences = arrays["sentences"]
        self.ids = arrays["ids"]
        self.id_order = arrays["id_order"]
        self.days = arrays["days"]
        self.outlets = arrays["outlets"]
        self.files = arrays["files"]
        self.outlet_names = outlet_names
        self.file_table = file_table
        self.saved = False

    def __len__(self) -> int:
        return len(self.lengths)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(local doc numbers, term frequencies) of a term, or None when it never occurs."""
        row = self.rows.get(term)
        if row is None:
            return None
        start, end = int(self.indptr[row]), int(self.indptr[row + 1])
        return self.docs[start:end], self.tfs[start:end]

    def find(self, encoded: list[bytes]) -> np.ndarray:
        """Local doc numbers of these utf-8 chunk ids, -1 where absent."""
        if not len(self) or not encoded:
            return np.full(len(encoded), -1, dtype=np.int64)
        wanted = np.asarray(encoded, dtype=self.ids.dtype)
        at = np.searchsorted(self.ids, wanted, sorter=self.id_order)
        docs = np.asarray(self.id_order)[np.minimum(at, len(self) - 1)].astype(np.int64)
        # Truncation to the column's width must not fake a match: compare the full ids.
        fits = np.asarray([len(e) <= self.ids.itemsize for e in encoded])
        return np.where((self.ids[docs] == wanted) & fits, docs, -1)

    def chunk_id(self, doc: int) -> str:
        return bytes(self.ids[doc]).decode("utf-8", "surrogatepass")

    def outlet_codes(self, keys: Sequence[str]) -> list[int]:
        wanted = set(keys)
        return [code for code, name in enumerate(self.outlet_names) if name in wanted]

    def file_codes(self, path: str) -> list[int]:
        return [code for code, (p, _) in enumerate(self.file_table) if p == path]

    # -- persistence ----------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Write the segment into folder/<name>/ (a new folder: segments are immutable)."""
        target = folder / self.name
        tmp = folder / f"{self.name}.tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        for key in _ARRAYS:
            np.save(tmp / f"{key}.npy", getattr(self, key), allow_pickle=False)
        # Terms never contain a newline (see index.search.terms), so a plain list loads fastest.
        (tmp / "vocab.txt").write_text("\n".join(self.vocab), encoding="utf-8")
        meta = {"outlets": self.outlet_names, "files": self.file_table}
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        tmp.rename(target)
        self.saved = True

    @classmethod
    def load(cls, folder: Path, name: str) -> Segment:
        where = folder / name
        try:
            arrays = {
                key: np.load(where / f"{key}.npy", mmap_mode="r", allow_pickle=False)
                for key in _ARRAYS
            }
            text = (where / "vocab.txt").read_text(encoding="utf-8")
            meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexCorruptError(f"The BM25 segment {where} cannot be read ({exc}).") from exc
        vocab = text.split("\n") if text else []
        files = [(str(p), str(s)) for p, s in meta["files"]]
        segment = cls(name, vocab, arrays, list(meta["outlets"]), files)
        segment.saved = True
        return segment


def build_segment(name: str, docs: Sequence[Bm25Doc]) -> Segment:
    """A segment over these chunks, in order."""
    vocab: dict[str, int] = {}
    flat: list[int] = []
    lengths = np.zeros(len(docs), dtype=np.int32)
    mask_terms: list[int] = []
    mask_docs: list[int] = []
    mask_bits: list[int] = []
    for i, doc in enumerate(docs):
        flat.extend([vocab.setdefault(t, len(vocab)) for t in doc.terms])
        lengths[i] = len(doc.terms)
        for term, bits in doc.sentence_masks.items():
            mask_terms.append(vocab.setdefault(term, len(vocab)))
            mask_docs.append(i)
            mask_bits.append(bits)
    term_ids = np.asarray(flat, dtype=np.int64)
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    segment = _assemble(
        name,
        list(vocab),
        term_ids,
        doc_of,
        np.ones(len(term_ids), dtype=np.float32),
        np.zeros(len(term_ids), dtype=np.uint64),
        _Columns.of(docs, np.maximum(lengths, 1)),
    )
    _place_masks(segment, vocab, mask_terms, mask_docs, mask_bits)
    return segment


def _place_masks(
    segment: Segment, vocab: dict[str, int], terms: list[int], docs: list[int], bits: list[int]
) -> None:
    """Store each (term, chunk) sentence bitmask beside its posting."""
    if not terms:
        return
    n = max(len(segment), 1)
    names = list(vocab)
    rows = np.asarray([segment.rows.get(names[t], -1) for t in terms], dtype=np.int64)
    keys = rows * n + np.asarray(docs, dtype=np.int64)
    counts = np.diff(np.asarray(segment.indptr))
    posting_keys = np.repeat(np.arange(len(counts), dtype=np.int64), counts) * n + segment.docs
    at = np.minimum(np.searchsorted(posting_keys, keys), len(posting_keys) - 1)
    found = (rows >= 0) & (posting_keys[at] == keys)
    segment.masks[at[found]] = np.asarray(bits, dtype=np.uint64)[found]


def merge_segments(name: str, parts: Sequence[tuple[Segment, np.ndarray]]) -> Segment:
    """One segment holding the live chunks (mask True) of several, oldest first."""
    vocab: dict[str, int] = {}
    terms, docs, tfs, masks, columns = [], [], [], [], []
    offset = 0
    for segment, live in parts:
        remap = np.asarray([vocab.setdefault(t, len(vocab)) for t in segment.vocab], dtype=np.int64)
        counts = np.diff(np.asarray(segment.indptr))
        posting_terms = np.repeat(remap, counts)
        keep = np.asarray(live)[segment.docs]
        renumber = np.cumsum(live, dtype=np.int64) - 1 + offset
        terms.append(posting_terms[keep])
        docs.append(renumber[np.asarray(segment.docs)[keep]])
        tfs.append(np.asarray(segment.tfs)[keep])
        masks.append(np.asarray(segment.masks)[keep])
        columns.append(_Columns.take(segment, np.asarray(live)))
        offset += int(np.count_nonzero(live))
    return _assemble(
        name,
        list(vocab),
        np.concatenate(terms) if terms else np.zeros(0, np.int64),
        np.concatenate(docs) if docs else np.zeros(0, np.int64),
        np.concatenate(tfs) if tfs else np.zeros(0, np.float32),
        np.concatenate(masks) if masks else np.zeros(0, np.uint64),
        _Columns.concat(columns),
    )


def _assemble(
    name: str,
    vocab: list[str],
    term_ids: np.ndarray,
    doc_of: np.ndarray,
    tfs: np.ndarray,
    masks: np.ndarray,
    columns: _Columns,
) -> Segment:
    """Sum term frequencies per (term, doc), sort postings by term, drop unused terms."""
    n_docs = max(len(columns.lengths), 1)
    keys = term_ids * n_docs + doc_of
    order = np.argsort(keys, kind="stable")
    keys, tfs, masks = keys[order], tfs[order], masks[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys
    summed = np.add.reduceat(tfs, starts) if len(keys) else tfs
    masks = np.bitwise_or.reduceat(masks, starts) if len(keys) else masks
    keys = keys[starts]
    post_terms, post_docs = keys // n_docs, keys % n_docs
    used = np.unique(post_terms)
    new_row = np.full(len(vocab), -1, dtype=np.int64)
    new_row[used] = np.arange(len(used))
    counts = np.bincount(new_row[post_terms], minlength=len(used)) if len(used) else used
    indptr = np.zeros(len(used) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    arrays = {
        "indptr": indptr,
        "docs": post_docs.astype(np.int32),
        "tfs": summed.astype(np.float32),
        "masks": masks.astype(np.uint64),
        **columns.arrays(),
    }
    return Segment(name, [vocab[i] for i in used], arrays, columns.outlet_names, columns.files)


@dataclass
class _Columns:
    """Per-chunk columns of a segment being built: ids, lengths, dates, outlets, files."""

    ids: list[bytes]
    lengths: np.ndarray
    sentences: np.ndarray
    days: np.ndarray
    outlets: np.ndarray
    outlet_names: list[str]
    file_codes: np.ndarray
    files: list[tuple[str, str]]

    @classmethod
    def of(cls, docs: Sequence[Bm25Doc], lengths: np.ndarray) -> _Columns:
        outlets: dict[str, int] = {}
        files: dict[tuple[str, str], int] = {}
        return cls(
            ids=[d.id.encode("utf-8", "surrogatepass") for d in docs],
            lengths=lengths.astype(np.float32),
            sentences=np.asarray([d.sentence_count for d in docs], dtype=np.int32),
            days=np.asarray([d.day for d in docs], dtype=np.int32),
            outlets=np.asarray(
                [
                    -1 if d.outlet is None else outlets.setdefault(d.outlet, len(outlets))
                    for d in docs
                ],
                dtype=np.int32,
            ),
            outlet_names=list(outlets),
            file_codes=np.asarray(
                [files.setdefault((d.path, d.sha), len(files)) for d in docs], dtype=np.int32
            ),
            files=list(files),
        )

    @classmethod
    def take(cls, segment: Segment, live: np.ndarray) -> _Columns:
        return cls(
            ids=[bytes(x) for x in np.asarray(segment.ids)[live]],
            lengths=np.asarray(segment.lengths)[live],
            sentences=np.asarray(segment.sentences)[live],
            days=np.asarray(segment.days)[live],
            outlets=np.asarray(segment.outlets)[live],
            outlet_names=list(segment.outlet_names),
            file_codes=np.asarray(segment.files)[live],
            files=list(segment.file_table),
        )

    @classmethod
    def concat(cls, parts: Sequence[_Columns]) -> _Columns:
        """Join columns, renumbering outlet and file codes into shared tables."""
        outlets: dict[str, int] = {}
        files: dict[tuple[str, str], int] = {}
        outlet_parts, file_parts = [], []
        for part in parts:
            o_map = np.asarray(
                [outlets.setdefault(n, len(outlets)) for n in part.outlet_names] + [-1],
                dtype=np.int32,
            )
            outlet_parts.append(o_map[part.outlets])  # code -1 picks the trailing -1
            f_map = np.asarray(
                [files.setdefault(f, len(files)) for f in part.files], dtype=np.int32
            )
            file_parts.append(f_map[part.file_codes] if len(part.file_codes) else part.file_codes)
        return cls(
            ids=[i for p in parts for i in p.ids],
            lengths=_cat([p.lengths for p in parts], np.float32),
            sentences=_cat([p.sentences for p in parts], np.int32),
            days=_cat([p.days for p in parts], np.int32),
            outlets=_cat(outlet_parts, np.int32),
            outlet_names=list(outlets),
            file_codes=_cat(file_parts, np.int32),
            files=list(files),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        width = max((len(i) for i in self.ids), default=1) or 1
        ids = np.asarray(self.ids, dtype=f"S{width}")
        return {
            "lengths": self.lengths,
            "sentences": self.sentences,
            "ids": ids,
            "id_order": np.argsort(ids, kind="stable").astype(np.int32),
            "days": self.days,
            "outlets": self.outlets,
            "files": self.file_codes,
        }


def _cat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)
