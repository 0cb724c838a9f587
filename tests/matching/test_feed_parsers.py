"""The two XML readers (fastfeedparser first, feedparser as the fallback) and the safety step before them.

The comparison runs the chosen path and the feedparser-only path over feedparser's whole test
corpus and the real job feeds: no unhandled error, and the same postings after normalisation.
"""

import dataclasses
import time
from collections import Counter

import pytest

from matching.ingest.normalise import SkipEntry, normalise
from matching.ingest.parse import FeedParseError, parse_document
from matching.ingest.xml_safety import safe_xml, strip_doctypes, to_utf8
from tests.matching.feeds import DATA, WWR_FEEDS, item, read, rss

BOMB_VALUE = "A" * 100_000


def _postings(data, parser):
    try:
        parsed = parse_document(data, parser=parser)
    except FeedParseError as error:
        return ("refused", error.code), ""
    postings = []
    for entry in parsed.entries:
        try:
            posting = normalise(entry)
        except SkipEntry:
            posting = normalise(dataclasses.replace(entry, title="Untitled"))
        postings.append(dataclasses.asdict(posting))
    return ("ok", postings), parsed.parser


def _documents():
    corpus = DATA / "feedparser-tests"
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "LICENSE.txt")
    files += sorted(DATA.glob("*.rss"))
    files += [DATA / name for name in WWR_FEEDS]
    return files


@pytest.mark.slow
def test_both_readers_give_the_same_postings_over_the_corpus_and_the_real_feeds():
    chosen, differences = Counter(), []
    for path in _documents():
        data = path.read_bytes()
        auto, used = _postings(data, "auto")
        reference, _ = _postings(data, "feedparser")
        chosen[used or auto[1]] += 1
        if auto != reference:
            differences.append(str(path))
    assert differences == []
    assert chosen["fastfeedparser"] >= 500  # the fast path is really taken, not always the fallback
    assert chosen["feedparser"] >= 1000


def test_real_job_feeds_take_the_fast_path_with_their_board_elements():
    parsed = parse_document(read(WWR_FEEDS[0]))
    assert parsed.parser == "fastfeedparser"
    assert len(parsed.entries) == 25
    assert all(entry.remote_hint for entry in parsed.entries)  # WWR's <region>
    assert all(entry.guid and entry.url.startswith("https://weworkremotely.com/") for entry in parsed.entries)


def test_documents_fastfeedparser_reads_differently_go_to_feedparser():
    undeclared = rss([item("Senior&nbsp;Engineer")])
    assert parse_document(undeclared).parser == "feedparser"
    assert "Senior\u00a0Engineer" in parse_document(undeclared).entries[0].title
    without_ids = rss(["<item><title>A</title><link>https://example.com/a</link></item>"])
    assert parse_document(without_ids).parser == "feedparser"
    assert parse_document(without_ids).entries[0].guid == ""


def test_relative_dates_are_not_dates_on_either_path():
    body = rss([item("Acme: Engineer", pub_date="the day after tomorrow")])
    assert parse_document(body, parser="fast").entries[0].posted_at is None
    assert parse_document(body, parser="feedparser").entries[0].posted_at is None


# --- entity expansion -------------------------------------------------------------------------

BOMB_LAYOUTS = {
    "one line": f'<!DOCTYPE rss [<!ENTITY big "{BOMB_VALUE}">]>',
    "multi-line": f'<!DOCTYPE rss\n  [\n  <!ENTITY\n   big\n   "{BOMB_VALUE}"\n  >\n  ]\n>\n',
    "after a comment": f'<!-- a comment with > and ] in it --><!DOCTYPE rss [<!ENTITY big "{BOMB_VALUE}">]>',
    "lower case": f'<!doctype rss [<!entity big "{BOMB_VALUE}">]>',
    "single quotes and a > inside": f"<!DOCTYPE rss [<!ENTITY big '{BOMB_VALUE}>'>]>",
    "nested": '<!DOCTYPE rss [<!ENTITY a "' + "x" * 1000 + '"><!ENTITY big "' + "&a;" * 100 + '">]>',
    "comment inside the subset": f'<!DOCTYPE rss [<!-- ]> --><!ENTITY big "{BOMB_VALUE}">]>',
}


@pytest.mark.parametrize("parser", ["auto", "fast", "feedparser"])
@pytest.mark.parametrize("layout", list(BOMB_LAYOUTS), ids=list(BOMB_LAYOUTS))
def test_internal_entities_are_never_expanded_in_any_layout(layout, parser):
    references = "&big;" * 10_000
    body = rss([item("Acme: Engineer &big;", description=references)], doctype=BOMB_LAYOUTS[layout])
    started = time.monotonic()
    try:
        parsed = parse_document(body, parser=parser)
    except FeedParseError as error:
        assert error.code in ("malformed_feed", "not_a_feed")
        return
    assert time.monotonic() - started < 20  # a give-up deadline: expansion would take minutes
    for entry in parsed.entries:
        assert "AAAAAAAAAA" not in entry.title + entry.description_html
        assert "x" * 100 not in entry.title + entry.description_html
    assert any("entity declaration" in warning for warning in parsed.warnings)


def test_a_doctype_in_utf16_cannot_hide_from_the_scan():
    document = rss([item("Acme: Engineer &big;", description="&big;" * 1000)],
                   prolog='<?xml version="1.0" encoding="UTF-16"?>', doctype=BOMB_LAYOUTS["multi-line"])
    encoded = document.decode("utf-8").encode("utf-16")
    data, warnings = safe_xml(encoded)
    assert b"ENTITY" not in data and b"AAAA" not in data
    assert warnings
    parsed = parse_document(encoded)
    assert "AAAAAAAAAA" not in "".join(entry.description_html for entry in parsed.entries)


def test_doctype_text_inside_cdata_and_comments_is_left_alone():
    description = "<![CDATA[<!DOCTYPE html><p>Hi</p>]]>"
    body = rss([item("Acme: Engineer", description=description)], doctype="<!-- <!DOCTYPE x [ ] > -->")
    stripped, entities = strip_doctypes(body)
    assert stripped == body and entities == 0


def test_an_unterminated_doctype_swallows_the_rest_and_is_refused():
    body = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "' + BOMB_VALUE.encode() + b'"><rss><channel/></rss>'
    with pytest.raises(FeedParseError):
        parse_document(body)


def test_entries_over_the_text_budget_are_refused():
    from matching.ingest import parse as parse_module
    from matching.ingest.entries import ParsedFeed, RawEntry

    expanded = ParsedFeed(title="", kind="rss", entries=[RawEntry(title="x", description_html="A" * 1_000_000)])
    with pytest.raises(FeedParseError) as error:
        parse_module._check_text_budget(expanded, 10_000)
    assert error.value.code == "too_large"


def test_documents_are_read_as_utf8_with_feedparsers_precedence():
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><rss/>'.encode("latin-1") + "é".encode("latin-1")
    data, note = to_utf8(latin)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>") and "é".encode() in data and note == ""
    ascii_served = '<?xml version="1.0"?><rss>é</rss>'.encode()
    data, note = to_utf8(ascii_served, "text/xml")
    assert "é".encode() in data and "us-ascii" in note
    plain = b'<?xml version="1.0" encoding="utf-8"?><rss/>'
    assert to_utf8(plain) == (plain, "")
