"""Stored files: saved under an opaque name, read back verified against their sha256, streamed as
a download with an RFC 6266 `Content-Disposition`, and deleted.

The row that owns a file keeps its sha256 and size; every read compares both, so a file changed or
cut short in storage (local disk or an S3 bucket) is an error with a code, never served as good.
"""

import hashlib
import logging
import re
import secrets
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

from asgiref.sync import sync_to_async
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.handlers.asgi import ASGIRequest
from django.http import StreamingHttpResponse

from jobly.errors import PermanentError

CHUNK_SIZE = 64 * 1024
ATTR_CHARS = "!#$&+-.^_`|~"  # RFC 8187 attr-char besides letters and digits: sent as they are
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")
SAFE_SUFFIX_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789")
logger = logging.getLogger("jobly.storage")


class StoredFileCorrupt(PermanentError):
    """The bytes in storage are not the ones recorded when the file was saved."""

    code = "file_corrupt"
    status = 500
    default_message = "The stored file does not match its checksum."


class StoredFileMissing(PermanentError):
    code = "file_missing"
    status = 404
    default_message = "The stored file is gone."


def stored_name(prefix, filename):
    """An opaque storage name under `prefix`, keeping only a short, safe suffix of the user's name
    (the name a person gave is metadata on the row, never a path)."""
    suffix = PurePosixPath(filename or "").suffix.lower().lstrip(".")
    suffix = suffix if suffix and len(suffix) <= 8 and set(suffix) <= SAFE_SUFFIX_CHARACTERS else "bin"
    return f"{prefix.strip('/')}/{secrets.token_hex(16)}.{suffix}"


def save_bytes(*, prefix, filename, data, storage=None):
    """Save `data`; returns (name, sha256, size). The storage may change the name: use the one returned."""
    storage = storage or default_storage
    name = storage.save(stored_name(prefix, filename), ContentFile(data))
    return name, hashlib.sha256(data).hexdigest(), len(data)


def read_verified(name, *, sha256, size=None, storage=None):
    """The whole file as bytes, after checking its size and sha256 (StoredFileCorrupt otherwise)."""
    return b"".join(iter_verified(name, sha256=sha256, size=size, storage=storage))


def iter_verified(name, *, sha256, size=None, storage=None, chunk_size=CHUNK_SIZE):
    """Yield the file in chunks, holding the last chunk back until the checksum is known: a reader
    never receives the complete body of a file that does not match (the stream ends short instead)."""
    storage = storage or default_storage
    digest, seen, held = hashlib.sha256(), 0, None
    handle = _open_any(storage, name)
    try:
        while chunk := _read(handle, storage, name, chunk_size):
            digest.update(chunk)
            seen += len(chunk)
            if held is not None:
                yield held
            held = chunk
    finally:
        handle.close()
    if digest.hexdigest() != sha256 or (size is not None and seen != size):
        logger.error("stored file failed verification", extra={"storage_name": name, "size": seen, "expected_size": size})
        raise StoredFileCorrupt(f"The stored file {name} does not match its checksum.")
    if held is not None:
        yield held


def _open_any(storage, name):
    """Open for reading; a missing file is StoredFileMissing whatever the backend raises (S3 says
    so only at the first read, with a botocore error)."""
    try:
        return storage.open(name, "rb")
    except Exception as error:
        _raise_missing_or(error, storage, name)


def _read(handle, storage, name, chunk_size):
    try:
        return handle.read(chunk_size)
    except Exception as error:
        _raise_missing_or(error, storage, name)


def _raise_missing_or(error, storage, name):
    if isinstance(error, FileNotFoundError) or not storage.exists(name):
        raise StoredFileMissing(f"The stored file {name} is gone.") from None
    raise error


def delete_quietly(name, *, storage=None):
    """Delete a stored file; a failure is logged (and the caller's row can be retried), never raised."""
    if not name:
        return True
    try:
        (storage or default_storage).delete(name)
        return True
    except Exception:
        logger.exception("could not delete a stored file", extra={"storage_name": name})
        return False


def ascii_fallback(filename, default="download"):
    """A readable ASCII version of a file name: accents dropped (é → e), other characters become "-"."""
    decomposed = unicodedata.normalize("NFKD", filename)
    ascii_only = _UNSAFE_ASCII.sub("-", decomposed.encode("ascii", "ignore").decode("ascii"))
    ascii_only = re.sub(r"\.{2,}", ".", re.sub(r"-*\.-*", ".", ascii_only)).strip("-.")
    return ascii_only or default


def content_disposition(filename, *, inline=False):
    """RFC 6266: `attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>` for any file name
    (never an RFC 2047 `=?utf-8?b?…?=` word, which browsers show literally)."""
    name = "".join(char for char in filename or "" if unicodedata.category(char)[0] != "C").replace("/", "-").replace("\\", "-")
    name = name.strip() or "download"
    disposition = "inline" if inline else "attachment"
    fallback = ascii_fallback(name)
    if fallback == name:
        return f'{disposition}; filename="{name}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe=ATTR_CHARS)}"


def file_download(request, *, name, sha256, size, filename, content_type="application/octet-stream", storage=None):
    """Stream a stored file as a private download, verified on the way out.

    Under ASGI the chunks are read in a thread one at a time (a sync iterator would make Django
    buffer the whole file); under WSGI and the test client a plain iterator is streamed.
    """
    storage = storage or default_storage
    if not storage.exists(name):
        raise StoredFileMissing("The stored file is gone.")
    chunks = iter_verified(name, sha256=sha256, size=size, storage=storage)
    body = _async_chunks(chunks) if isinstance(request, ASGIRequest) else chunks
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Length"] = str(size)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


async def _async_chunks(chunks):
    step = sync_to_async(next, thread_sensitive=False)
    while (chunk := await step(chunks, None)) is not None:
        yield chunk
