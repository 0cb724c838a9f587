"""File downloads: the one Content-Disposition header every attachment uses (RFC 6266).

A name with non-ASCII characters set directly on a Django response becomes an RFC 2047 word
(`=?utf-8?b?…?=`), which browsers show literally. RFC 6266 §4.3 asks for `filename*=UTF-8''…`
(RFC 8187 percent-encoding) with a plain ASCII `filename` first for clients that know only that.
"""

import re
import unicodedata
from urllib.parse import quote

ATTR_CHARS = "!#$&+-.^_`|~"  # RFC 8187 attr-char besides letters and digits: sent as they are
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_fallback(filename, default="download"):
    """A readable ASCII version: accents dropped (é → e), other characters become "-"."""
    decomposed = unicodedata.normalize("NFKD", filename)
    ascii_only = _UNSAFE_ASCII.sub("-", decomposed.encode("ascii", "ignore").decode("ascii"))
    ascii_only = re.sub(r"\.{2,}", ".", re.sub(r"-*\.-*", ".", ascii_only)).strip("-.")
    return ascii_only or default


def content_disposition(filename, *, inline=False):
    """`attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>` for any file name."""
    name = "".join(char for char in filename if unicodedata.category(char)[0] != "C").replace("/", "-").replace("\\", "-")
    name = name.strip() or "download"
    disposition = "inline" if inline else "attachment"
    fallback = ascii_fallback(name)
    if fallback == name:
        return f'{disposition}; filename="{name}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe=ATTR_CHARS)}"
