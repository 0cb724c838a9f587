"""Text normalisation shared by the index and the profile side: one tokenizer, one stop list."""

import math
import re
import unicodedata
from collections import Counter
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


def content_tokens(text):
    """Tokens that carry meaning: no stop words, no bare numbers, no one-letter words."""
    stop = stopwords()
    return [t for t in TOKEN_RE.findall(fold(text)) if t not in stop and len(t) > 1 and not t.isdigit()]


@lru_cache(maxsize=1 << 16)
def key(name):
    """The comparison key of a name (skill, company, location): folded, single-spaced. Cached: the
    index asks for the key of the same few thousand skill names millions of times."""
    return " ".join(fold(name).split())


def content_token_counts(text, *, max_length=None):
    """{token: count} of content_tokens(text) (at most `max_length` long), in order of first mention.

    Counted before filtering, so the stop list is consulted once per distinct token, not per word.
    """
    stop = stopwords()
    limit = max_length or math.inf
    return {t: n for t, n in Counter(TOKEN_RE.findall(fold(text))).items()
            if t not in stop and 1 < len(t) <= limit and not t.isdigit()}
