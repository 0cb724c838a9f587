"""The other ways postings come in: a posting pasted (as text or a URL) and an uploaded feed or OPML file.

A pasted posting is private to its submitter and never changes a row someone else owns
(`services/upsert.py`). An uploaded file is stored and read on a worker ("feeds.import_file"),
never in the web process: a hostile document costs the web process nothing.
"""

import hashlib
import html
import re

from django.db import transaction
from django.utils import timezone

from jobly import background
from jobly.errors import DomainError, InvalidInput, NotFound, PermanentError
from jobly.http import FetchRefused, FetchTransientError, clean_url, safe_fetch
from matching.ingest import opml
from matching.ingest.normalise import SkipEntry, normalise, plain_line
from matching.ingest.parse import RawEntry, parse_document
from matching.models import FeedUpload, Job
from matching.services.feeds import create_feed
from matching.services.ingest import ingest_entries
from matching.services.upsert import upsert_postings

IMPORT_JOB_TYPE = "feeds.import_file"


def add_pasted_posting(*, user, text="", url="", title="", company=""):
    """A posting pasted as text, or given by URL (fetched safely). Private to the user until a feed brings it."""
    text = (text or "").strip()
    url = clean_url(url) if (url or "").strip() else ""
    if not text and not url:
        raise InvalidInput("Paste the posting's text or give its URL.", details={"text": ["Give text or a URL."]})
    html_text = ""
    if url:
        if not text:
            try:
                response = safe_fetch(url, headers={"Accept": "text/html, text/plain;q=0.9"})
            except FetchTransientError as error:
                # The user is waiting for this answer: their URL not answering is theirs to fix or retry.
                raise PermanentError(f"The posting could not be fetched: {error.message}", code=error.code) from error
            html_text = _decode(response.content, response.charset)
            if not title:
                title = _html_title(html_text)
    if text:
        first_line = text.splitlines()[0].strip()
        title = title or first_line[:300]
        description = "".join(f"<p>{_escape(paragraph)}</p>" for paragraph in text.split("\n\n") if paragraph.strip())
    else:
        description = _main_content(html_text)
    entry = RawEntry(title=title, company=company, description_html=description, url=url)
    try:
        posting = normalise(entry, source="paste")
    except SkipEntry as skip:
        raise InvalidInput("The posting has no title.", code=skip.reason) from skip
    result = upsert_postings(postings=[posting], submitted_by=user)
    job = Job.objects.for_user(user).get(pk=result["posting_ids"][0])
    return job, bool(result["counts"]["new"])


def start_feed_import(*, user, content, filename=""):
    """Store an uploaded OPML or feed file and queue its import; (upload, background job, created)."""
    with transaction.atomic():
        upload = FeedUpload.objects.create(
            owner=user, filename=(filename or "")[:255], size=len(content), sha256=hashlib.sha256(content).hexdigest(),
            content=content,
        )
        job, created = background.enqueue(
            user=user, type=IMPORT_JOB_TYPE, params={"upload_id": upload.pk},
            message=f"Importing {upload.filename or 'feed file'}",
        )
    return upload, job, created


def run_feed_import(*, upload_id):
    """The worker's part: read the stored upload, import it, keep the result on the row."""
    upload = FeedUpload.objects.filter(pk=upload_id).select_related("owner").first()
    if upload is None:
        raise NotFound("The upload is gone.", code="upload_gone")
    result = import_feed_file(user=upload.owner, content=bytes(upload.content), filename=upload.filename)
    result.pop("posting_ids", None)
    FeedUpload.objects.filter(pk=upload.pk).update(result=result, imported_at=timezone.now(), content=b"")
    return result


def import_feed_file(*, user, content, filename=""):
    """An uploaded OPML list creates feeds; an uploaded RSS/Atom/JSON file is ingested as postings.

    Runs on a worker (`run_feed_import`); never call it in a request.
    """
    if opml.looks_like_opml(content):
        created, skipped = [], []
        for outline in opml.parse_opml(content):
            try:
                created.append(create_feed(user=user, url=outline.url, title=plain_line(outline.title, 300)))
            except (FetchRefused, DomainError) as error:
                skipped.append({"url": outline.url[:300], "code": error.code})
        return {"kind": "opml", "feeds_created": [feed.pk for feed in created], "skipped": skipped}
    parsed = parse_document(content)
    summary = ingest_entries(entries=parsed.entries, submitted_by=user, source="upload")
    return {"kind": parsed.kind, "title": parsed.title, **summary}


def _decode(content, charset):
    for encoding in (charset, "utf-8"):
        if not encoding:
            continue
        try:
            return content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("utf-8", errors="replace")


def _escape(text):
    return html.escape(text).replace("\n", "<br>")


def _html_title(html_text):
    match = re.search(r"<title[^>]*>(.*?)</title>", html_text, re.I | re.S)
    return match.group(1).strip()[:300] if match else ""


def _main_content(html_text):
    """The page's <main>/<article> if it has one, else its <body>; sanitised later."""
    for tag in ("main", "article", "body"):
        match = re.search(rf"<{tag}\b[^>]*>(.*)</{tag}>", html_text, re.I | re.S)
        if match:
            return match.group(1)
    return html_text
