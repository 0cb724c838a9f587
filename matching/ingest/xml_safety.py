"""Make a feed document safe for any XML parser: one decode to UTF-8, then no DOCTYPE left.

Entity expansion is the attack (one 100 KB entity referenced 10,000 times is 1 GB of text), and
parsers disagree on what they expand: feedparser re-inserts "safe" internal entities, lxml's
recover mode and fastfeedparser's native reader each have their own rules. So no parser is given
a DOCTYPE at all. Every `<!DOCTYPE …>` (with its internal subset, however it is laid out, wherever
it stands outside comments and CDATA) and every stray `<!ENTITY …>` is cut out before parsing;
a reference to an entity that is no longer declared stays unexpanded text. Scanning works on
UTF-8, so the document is decoded first with feedparser's rules (BOM, XML declaration, HTTP
charset per RFC 3023), which also means a UTF-16 or UTF-7 DOCTYPE cannot hide from the scan.
"""

import codecs
import re

# The characters '<?xm' in encodings that are not ASCII-compatible (XML 1.0, appendix F).
_SNIFF = (
    (codecs.BOM_UTF32_BE, "utf-32be", 4), (codecs.BOM_UTF32_LE, "utf-32le", 4),
    (codecs.BOM_UTF16_BE, "utf-16be", 2), (codecs.BOM_UTF16_LE, "utf-16le", 2), (codecs.BOM_UTF8, "utf-8", 3),
    (b"\x4c\x6f\xa7\x94", "cp037", 0), (b"\x00\x3c\x00\x3f", "utf-16be", 0), (b"\x3c\x00\x3f\x00", "utf-16le", 0),
    (b"\x00\x00\x00\x3c", "utf-32be", 0), (b"\x3c\x00\x00\x00", "utf-32le", 0),
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,300}?\?>")
_UTF8_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"
_WIDE = {"u16", "utf-16", "utf16", "utf_16", "u32", "utf-32", "utf32", "utf_32", "ucs-2", "ucs-4", "iso-10646-ucs-2",
         "iso-10646-ucs-4", "csunicode", "csucs4"}
# Where markup declarations, comments and CDATA sections start; DOCTYPE/ENTITY in any case
# (the loose parsers accept lower case).
_MARKUP = re.compile(rb"<!(--|\[CDATA\[|(?i:doctype|entity))")
_DECLARATION_STOP = re.compile(rb"""["'\[\]>]|<!--""")


def _content_type_charset(content_type):
    media, _, params = (content_type or "").partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _candidates(content, content_type):
    """Encodings to try, best first, as feedparser chooses them (RFC 3023 for HTTP answers)."""
    sniffed, skip = "", 0
    for marker, encoding, length in _SNIFF:
        if content.startswith(marker) and not (length == 2 and content[2:4] == b"\x00\x00"):
            sniffed, skip = encoding, length
            break
    head = content[skip:skip + 400]
    if sniffed and sniffed != "utf-8":
        try:
            head = head.decode(sniffed, errors="ignore").encode("utf-8")
        except LookupError:
            head = b""
    match = _DECLARED.match(head)
    declared = match.group(1).decode("ascii").lower() if match else ""
    if sniffed and declared in _WIDE:
        declared = sniffed
    media, charset = _content_type_charset(content_type)
    if media in ("application/xml", "application/xml-dtd", "application/xml-external-parsed-entity") or (
            media.startswith("application/") and media.endswith("+xml")):
        first = charset or declared or "utf-8"
    elif media.startswith("text/"):
        first = charset or "us-ascii"
    else:
        first = declared or "utf-8"
    first = "gb18030" if first == "gb2312" else first
    return skip, [first, "gb18030" if declared == "gb2312" else declared, sniffed, "utf-8", "windows-1252", "iso-8859-2"]


def decode_document(content, content_type=""):
    """(text, encoding used, note or ""): the document as text, decoded the way feedparser would."""
    skip, candidates = _candidates(content, content_type)
    body = content[skip:]
    if candidates[0] in ("utf-8", "us-ascii") and body.isascii():
        return body.decode("ascii"), candidates[0], ""  # ASCII reads the same in every candidate: no trial decode
    tried = []
    for encoding in candidates:
        if not encoding or encoding in tried:
            continue
        tried.append(encoding)
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        note = "" if encoding == candidates[0] else f"declared as {candidates[0]} but read as {encoding}"
        return text, encoding, note
    return body.decode("utf-8", errors="replace"), "utf-8", "encoding unknown; read as UTF-8 with replacements"


def to_utf8(content, content_type=""):
    """(UTF-8 bytes with a matching XML declaration, note): what every parser is given."""
    text, encoding, note = decode_document(content, content_type)
    if encoding in ("utf-8", "us-ascii") and not content.startswith(codecs.BOM_UTF8):
        declared = _DECLARED.match(content[:400])
        if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8", b"us-ascii"):
            return content, note  # already what the parsers should read: no copy
    declaration = _DECLARATION.match(text)
    text = _UTF8_DECLARATION + (text[declaration.end():] if declaration else "\n" + text)
    return text.encode("utf-8", errors="replace"), note


def _declaration_end(data, start):
    """Index just past the markup declaration opened at `start` (quotes and the [...] subset skipped)."""
    position, in_subset, end = start + 2, False, len(data)
    while True:
        found = _DECLARATION_STOP.search(data, position)
        if found is None:
            return end  # never closed: everything after it would have been the declaration
        char = found.group(0)
        if char in (b'"', b"'"):
            close = data.find(char, found.end())
            if close == -1:
                return end
            position = close + 1
        elif char == b"<!--":
            close = data.find(b"-->", found.end())
            if close == -1:
                return end
            position = close + 3
        elif char == b"[":
            in_subset, position = True, found.end()
        elif char == b"]":
            in_subset, position = False, found.end()
        elif not in_subset:  # ">"
            return found.end()
        else:
            position = found.end()


def strip_doctypes(data):
    """(data without DOCTYPE or ENTITY declarations, number of entity declarations removed)."""
    if b"<!" not in data:
        return data, 0
    kept, position, removed_entities, cut = [], 0, 0, False
    search_from = 0
    while True:
        found = _MARKUP.search(data, search_from)
        if found is None:
            break
        kind = found.group(1)
        if kind == b"--":
            close = data.find(b"-->", found.end())
            search_from = len(data) if close == -1 else close + 3
            continue
        if kind == b"[CDATA[":
            close = data.find(b"]]>", found.end())
            search_from = len(data) if close == -1 else close + 3
            continue
        end = _declaration_end(data, found.start())
        declaration = data[found.start():end]
        removed_entities += len(re.findall(rb"<!(?i:entity)", declaration))
        kept.append(data[position:found.start()])
        position = search_from = end
        cut = True
    if not cut:
        return data, 0
    kept.append(data[position:])
    return b"".join(kept), removed_entities


def safe_xml(content, content_type=""):
    """(UTF-8 bytes with no DOCTYPE, warnings): the input of both feed parsers."""
    data, note = to_utf8(content, content_type)
    data, entities = strip_doctypes(data)
    warnings = [note] if note else []
    if entities:
        warnings.append(f"{entities} entity declaration{'s' if entities != 1 else ''} ignored (never expanded)")
    return data, warnings
