"""Text normalisation shared by the index and the profile side: one tokenizer, one stop list."""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Keeps technology names whole: c++, c#, .net, node.js, asp.net (a token may carry + # at the end
# and dots inside, never a trailing dot from prose). Slashes and dashes split: "python/django".
TOKEN_RE = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9+#]+)*|\.[a-z][a-z0-9]+")
# The Combining Diacritical Marks blocks: what NFKD splits off "é", "ü", "ñ".
COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=1)
def stopwords():
    lines = (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


def fold(text):
    """Lowercase, strip accents and unify odd characters so 'Café' and 'cafe' are one word."""
    text = text or ""
    if text.isascii():  # most text: no Unicode normalisation needed
        return text.lower()
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


def tokens(text):
    """All word tokens of `text`, stop words kept (titles and phrases need them in order)."""
    return TOKEN_RE.findall(fold(text))


def is_content_token(token, *, max_length=None):
    """A token that carries meaning: no stop word, no bare number, no one-letter word (and, with
    `max_length`, no longer than that)."""
    return token not in stopwords() and 1 < len(token) <= (max_length or len(token)) and not token.isdigit()


def content_tokens(text):
    """Tokens that carry meaning (`is_content_token`), in order, repeats kept."""
    return [t for t in TOKEN_RE.findall(fold(text)) if is_content_token(t)]


@lru_cache(maxsize=1 << 16)
def key(name):
    """The comparison key of a name (skill, company, location): folded, single-spaced. Cached: the
    index asks for the key of the same few thousand skill names millions of times."""
    return " ".join(fold(name).split())
