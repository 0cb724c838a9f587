"""Read an uploaded OPML list of feeds (outline elements with xmlUrl), with a hardened XML parser."""

import re
from dataclasses import dataclass

from lxml import etree

from matching.ingest.parse import FeedParseError

MAX_OUTLINES = 500


@dataclass(frozen=True)
class Outline:
    url: str
    title: str


def looks_like_opml(content):
    return bool(re.search(rb"<opml\b", content[:2048], re.I))


def parse_opml(content):
    # No entities, no network, no DTD: an OPML file is plain data (RELIABILITY row 21).
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as error:
        raise FeedParseError("The OPML file is malformed.", code="malformed_opml") from error
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise FeedParseError("This is not an OPML file.", code="malformed_opml")
    outlines = []
    for element in root.iter("outline"):
        url = (element.get("xmlUrl") or element.get("xmlurl") or "").strip()
        if url:
            title = (element.get("title") or element.get("text") or "").strip()
            outlines.append(Outline(url=url, title=title[:300]))  # the URL is checked whole, never cut
        if len(outlines) >= MAX_OUTLINES:
            break
    if not outlines:
        raise FeedParseError("The OPML file lists no feeds.", code="empty_opml")
    return outlines
