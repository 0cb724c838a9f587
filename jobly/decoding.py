"""Bytes of a user's text file → text (resumes in text or Markdown; used at upload and in the worker).

UTF-8 first: a file that is mostly UTF-8 stays UTF-8 and its few invalid bytes become U+FFFD (one
stray byte used to send the whole file to cp1252, turning every "é" into "Ã©"). A BOM decides
UTF-8/16/32 outright. Only a file that is not mostly UTF-8 goes to charset-normalizer, and among its
equally good answers Windows-1252 wins when it is one of them (WHATWG reads "latin-1" labels as
windows-1252 too): on short Western text the detector otherwise picks cp1250 and turns "ï" into "ď".
Legacy text with only a few non-ASCII bytes is a guess among single-byte code pages: a short
Cyrillic name in cp1251 inside English text may be misread (UTF-8 never is).
"""

import codecs
from dataclasses import dataclass

BOMS = [  # UTF-32 before UTF-16: a UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
REPLACEMENT = "\ufffd"
ASCII_BYTES = bytes(range(128))
LITTLE_EVIDENCE = 32  # non-ASCII bytes, in text that is over 90 % ASCII
SINGLE_BYTE_PAGES = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "cp1258", "mac_roman"]


@dataclass
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # invalid byte sequences shown as U+FFFD

    @property
    def note(self):
        """A sentence for the review page when the file was not clean UTF-8, else ""."""
        if self.replaced == 1:
            return "One invalid byte sequence in the file is shown as �."
        if self.replaced:
            return f"{self.replaced} invalid byte sequences in the file are shown as �."
        if self.encoding not in ("utf-8", "utf-8-sig", "ascii"):
            return f"The file is not UTF-8; it was read as {self.encoding}."
        return ""


def has_wide_bom(data):
    """UTF-16/32 text is full of NUL bytes; its BOM is what tells it from a binary file."""
    return any(data.startswith(bom) for bom, _ in BOMS)


def _utf8(data):
    """(text, bad sequences replaced, good non-ASCII characters) read as UTF-8."""
    lenient = data.decode("utf-8", errors="replace")
    replaced = lenient.count(REPLACEMENT) - data.count(REPLACEMENT.encode())  # not the U+FFFD written in the file
    non_ascii = len(lenient) - len(lenient.encode("ascii", "ignore"))
    return lenient, replaced, non_ascii - lenient.count(REPLACEMENT)


def _detected(data):
    from charset_normalizer import from_bytes

    # A few high bytes in ASCII text (Word's smart quotes) are too little for a detector, which then
    # offers CJK code pages that glue two bytes into one ideograph: choose among single-byte ones.
    high = len(data.translate(None, ASCII_BYTES))
    few = high < LITTLE_EVIDENCE and high * 10 < len(data)
    matches = list(from_bytes(data, cp_isolation=SINGLE_BYTE_PAGES if few else None))
    if not matches:
        return None
    least_chaos = min(match.chaos for match in matches)
    best = [match for match in matches if match.chaos == least_chaos]
    if any("cp1252" in match.could_be_from_charset for match in best):
        return "cp1252"
    return best[0].encoding


def decode_text(data):
    """Decode a user's text file; never raises for undecodable bytes (they become U+FFFD)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            return Decoded(text, encoding, text.count(REPLACEMENT))
    if data.startswith(codecs.BOM_UTF8):  # declared UTF-8: bad bytes are replaced, never re-guessed
        text, replaced, _ = _utf8(data[len(codecs.BOM_UTF8):])
        return Decoded(text, "utf-8-sig", replaced)
    text, replaced, good = _utf8(data)
    if replaced == 0 or good > replaced:  # mostly UTF-8
        return Decoded(text, "utf-8", replaced)
    encoding = _detected(data) or "cp1252"
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, text.count(REPLACEMENT))
