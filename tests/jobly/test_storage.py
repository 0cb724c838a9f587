"""Stored files: opaque names, verified reads that never hand out a complete corrupt file, RFC 6266 names."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from jobly import storage


def test_stored_names_are_opaque_and_keep_only_a_safe_suffix():
    assert storage.stored_name("resumes/7", "../../etc/passwd.PDF").startswith("resumes/7/")
    assert storage.stored_name("resumes/7", "../../etc/passwd.PDF").endswith(".pdf")
    assert storage.stored_name("x", "no-suffix").endswith(".bin")
    assert storage.stored_name("x", "weird.p$f").endswith(".bin")
    assert "Ada" not in storage.stored_name("x", "Ada Lovelace CV.docx")


def test_saved_bytes_read_back_verified():
    name, sha256, size = storage.save_bytes(prefix="t", filename="a.txt", data=b"hello world")
    assert sha256 == hashlib.sha256(b"hello world").hexdigest() and size == 11
    assert storage.read_verified(name, sha256=sha256, size=size) == b"hello world"


def test_a_changed_file_is_refused_and_the_stream_never_completes():
    data = b"x" * (storage.CHUNK_SIZE * 2 + 10)
    name, sha256, size = storage.save_bytes(prefix="t", filename="a.bin", data=data)
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"y" + data[1:]))
    with pytest.raises(storage.StoredFileCorrupt) as error:
        storage.read_verified(name, sha256=sha256, size=size)
    assert error.value.code == "file_corrupt"
    received = []
    with pytest.raises(storage.StoredFileCorrupt):
        for chunk in storage.iter_verified(name, sha256=sha256, size=size):
            received.append(chunk)
    assert sum(map(len, received)) < size  # the last chunk was held back


def test_a_truncated_file_is_refused_by_size_and_checksum():
    name, sha256, size = storage.save_bytes(prefix="t", filename="a.bin", data=b"complete contents")
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"complete"))
    with pytest.raises(storage.StoredFileCorrupt):
        storage.read_verified(name, sha256=sha256, size=size)


def test_a_missing_file_is_file_missing():
    with pytest.raises(storage.StoredFileMissing) as error:
        storage.read_verified("t/never-there.bin", sha256="0" * 64)
    assert error.value.code == "file_missing"


