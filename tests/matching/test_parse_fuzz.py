"""Hypothesis mutates a real feed (byte flips, truncation, entity injection): parsing and
normalising end in a posting or a FeedParseError, never anything else (RELIABILITY row 21)."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from matching.ingest.normalise import SkipEntry, normalise
from matching.ingest.parse import FeedParseError, parse_document
from tests.matching.feeds import REMOTEOK, WWR_FEEDS, read

WWR = read(WWR_FEEDS[0])[:40_000]
REMOTE_OK = read(REMOTEOK)[:40_000]
INJECTIONS = [
    b'<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b"\x00", b"\xff\xfe", b"<![CDATA[", b"]]>", b"&#0;", b"&#x110000;", b"<script>", b"\xc3", b"{", b"[",
]


@st.composite
def mutated(draw, source):
    data = bytearray(draw(st.sampled_from(source)))
    for _ in range(draw(st.integers(0, 8))):
        position = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip" and data:
            data[position] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[position:position] = draw(st.sampled_from(INJECTIONS))
        elif action == "delete":
            del data[position:position + draw(st.integers(1, 200))]
        else:
            del data[position:]
    return bytes(data)


def parse_and_normalise(document):
    try:
        parsed = parse_document(document)
    except FeedParseError:
        return
    for entry in parsed.entries:
        try:
            posting = normalise(entry)
        except SkipEntry:
            continue
        assert "\x00" not in posting.title + posting.description_text + posting.description_html
        assert "root:" not in posting.description_text


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=mutated([WWR, REMOTE_OK]))
def test_mutated_real_feeds_never_raise_unhandled_errors(document):
    parse_and_normalise(document)
