"""Legacy encodings: which one a file's bytes are in, and whether decoded text looks garbled."""

# charset-normalizer detects and ftfy judges mojibake; this module only narrows the candidates
# to encodings news is published in and settles ties. Known limit: Turkish in cp1254 ties with
# cp1252 on most words and is read as cp1252 (only ğ, ı, ş and their capitals differ).

from __future__ import annotations

import re

# The legacy encodings of the WHATWG Encoding Standard (what web browsers accept), as Python
# codec names. DOS and most Mac code pages are left out: charset-normalizer otherwise picks
# them for short Western text (cp775 turned "café" into "cafķ").
WEB_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "cp874",
    "cp866",
    "koi8_r",
    "koi8_u",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "mac_roman",
    "mac_cyrillic",
    "gb18030",
    "big5",
    "euc_jp",
    "iso2022_jp",
    "shift_jis",
    "euc_kr",
)
# The Western default: when the bytes give no evidence for another encoding, cp1252 it is
# (the commonest legacy encoding of English text; a superset of latin-1's printable range).
WESTERN = "cp1252"
# Candidates this close in mess and language fit are a tie (French in cp1250 and cp1252 scored
# 0.611 and 0.611; Polish in cp1250 0.476 against cp1252's 0.474: not a tie).
_TIE_CHAOS = 0.01
_TIE_COHERENCE = 0.001
# Mojibake is judged by ftfy; these cheap scans keep it off clean text. UTF-8 read as cp1252 or
# latin-1 starts its sequences with one of "ÂÃâÐÑ" ("Ã©", "â€™", "Ð\x9f"), UTF-8 Cyrillic read
# as cp1251 is full of "Рµ", "Рѕ", "С‚", and legacy Cyrillic or Greek read as cp1252 is runs of
# accented Latin letters ("Ïåðåãîâîðû"). ftfy costs ~0.8 µs a character, the scans below
# 15-80 ns on our articles, and nothing on ASCII text.
_MARKERS = ("Â", "Ã", "â€", "Ð", "Ñ", "Рµ", "Рѕ", "С‚")
_LATIN_RUN = re.compile("[\u00c0-\u00ff]{4,}")
_SAMPLE_CHARS = 65536
_MULTIBYTE = frozenset({"gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr"})


def detect_legacy_encoding(raw: bytes) -> str | None:
    """The encoding of bytes that are neither BOM-marked nor UTF-8, or None when the bytes
    carry no evidence (the caller then falls back to cp1252 and latin-1)."""
    # Imported here: UTF-8 files (nearly all) never need it, and it costs a cold `ask` ~30 ms.
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw, cp_isolation=list(WEB_ENCODINGS)))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    best = [m for m in matches if m.chaos <= least + _TIE_CHAOS]
    top = max(m.coherence for m in best)
    fitting = [m for m in best if m.coherence >= top - _TIE_COHERENCE]
    if any(WESTERN in m.could_be_from_charset for m in fitting):
        return WESTERN
    chosen = str(fitting[0].encoding)
    # A single-byte decoding that fits no language is a stray byte in plain text, not a sign
    # of another script; a multi-byte one that decodes at all is evidence enough.
    return chosen if top > 0 or chosen in _MULTIBYTE else None


def garbled_excerpt(text: str) -> str | None:
    """A short stretch of ``text`` that reads as mojibake, or None when it looks clean.

    Only the first 64k characters are read: a file garbled by a wrong encoding is garbled
    throughout.
    """
    sample = text[:_SAMPLE_CHARS]
    if sample.isascii():
        return None
    found = [sample.find(m) for m in _MARKERS]
    starts = [at for at in found if at >= 0]
    run = _LATIN_RUN.search(sample)
    if run:
        starts.append(run.start())
    if not starts:
        return None
    from ftfy.badness import is_bad  # here, like charset-normalizer: clean text never needs it

    if not is_bad(sample):
        return None
    first = min(starts)
    return " ".join(sample[first : first + 40].split())
