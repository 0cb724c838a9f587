"""Test data helpers: the copied real feeds, and small hostile feeds built on the fly."""

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "feeds"
WWR_FEEDS = [
    "wwr-2022-11-remote-programming-jobs.rss",
    "wwr-2022-11-remote-back-end-programming-jobs.rss",
    "wwr-2022-11-remote-design-jobs.rss",
]
REMOTEOK = "remoteok-api-2026-03.json"


def read(name):
    return (DATA / name).read_bytes()


def rss(items, *, title="Test feed", prolog='<?xml version="1.0" encoding="UTF-8"?>', doctype=""):
    body = "".join(items) if isinstance(items, (list, tuple)) else items
    return f'{prolog}{doctype}<rss version="2.0"><channel><title>{title}</title><link>https://example.com/</link>{body}</channel></rss>'.encode()


def item(title, *, link="https://example.com/jobs/1", description="A job.", pub_date="Mon, 07 Nov 2022 16:20:50 +0000", extra=""):
    return (
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<description>{description}</description><pubDate>{pub_date}</pubDate>{extra}</item>"
    )
