import zipfile

import pytest

from jobly.profiles.resume.checks import UploadRejected, check_upload, detect_kind
from tests.jobly.profiles.conftest import docx_bomb, render_docx, upload, zip_bytes


def _code(data, name="resume.pdf"):
    with pytest.raises(UploadRejected) as caught:
        check_upload(upload(name, data))
    return caught.value.code, caught.value.status


def test_real_files_are_recognised_by_content(alice_pdf, alice_docx, alice_txt):
    assert detect_kind(alice_pdf, "x.bin") == "pdf"
    assert detect_kind(alice_docx, "resume.pdf") == "docx"
    assert detect_kind(alice_txt, "resume.docx") == "text"
    assert detect_kind(b"# Ada\n\n## Skills\n- Python", "cv.md") == "markdown"
    assert detect_kind(b'{"basics": {"name": "Ada"}}', "cv.txt") == "json_resume"


def test_file_over_the_limit_is_413(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    assert _code(b"a" * 1025, "cv.txt") == ("file_too_large", 413)


@pytest.mark.parametrize(
    "payload",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 4,  # a Windows executable
        b"<!DOCTYPE html><html><body>Not a resume</body></html>",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # old .doc
    ],
)
def test_wrong_type_by_content_is_415_whatever_the_extension(payload):
    assert _code(payload, "cv.pdf") == ("unsupported_type", 415)


def test_zip_that_is_not_a_docx_is_415():
    assert _code(zip_bytes([("notes.txt", "hello")]), "cv.docx") == ("unsupported_type", 415)


def test_docx_bomb_is_rejected_from_the_central_directory():
    payload = docx_bomb()
    assert len(payload) < 200_000
    assert _code(payload, "cv.docx") == ("archive_too_large", 422)


def test_docx_declaring_too_much_in_total_is_archive_too_large(monkeypatch):
    from jobly.profiles.resume import checks

    monkeypatch.setattr(checks, "DOCX_MAX_TOTAL_UNCOMPRESSED", 100_000)
    entries = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")]
    entries += [(f"word/media/{n}.bin", bytes(range(256)) * 200) for n in range(3)]  # 3 x 51 KB, stored
    payload = zip_bytes(entries, compression=zipfile.ZIP_STORED)
    assert _code(payload, "cv.docx") == ("archive_too_large", 422)


def test_docx_with_thousands_of_entries_is_malformed():
    entries = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")] + [(f"x/{n}", "") for n in range(2000)]
    assert _code(zip_bytes(entries), "cv.docx") == ("malformed_archive", 422)


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "/etc/passwd", "word\\..\\..\\evil", "C:/evil"])
def test_docx_with_path_traversal_names_is_malformed(name):
    entries = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>"), (name, "x")]
    assert _code(zip_bytes(entries), "cv.docx") == ("malformed_archive", 422)


def test_docx_with_a_nested_archive_is_malformed():
    inner = zip_bytes([("a.txt", "a")])
    entries = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>"), ("word/embeddings/x.zip", inner)]
    assert _code(zip_bytes(entries), "cv.docx") == ("malformed_archive", 422)


def test_truncated_zip_is_malformed():
    payload = render_docx("Ada Lovelace")
    assert _code(payload[: len(payload) // 2], "cv.docx") == ("malformed_archive", 422)


def test_zip64_with_bogus_sizes_is_rejected():
    payload = bytearray(render_docx("Ada Lovelace"))
    # Corrupt the central directory's declared sizes of the first entry to 0xFFFFFFFF (ZIP64 marker)
    # without a ZIP64 extra field.
    offset = payload.find(b"PK\x01\x02")
    payload[offset + 20: offset + 28] = b"\xff" * 8
    code, status = _code(bytes(payload), "cv.docx")
    assert status == 422 and code in {"malformed_archive", "archive_too_large"}


@pytest.mark.parametrize("payload", [b"", b"   \n"])
def test_empty_file_is_rejected(payload):
    assert _code(payload, "cv.txt")[0] in {"empty_text"}


def test_invalid_json_is_rejected():
    assert _code(b"{not json", "cv.json") == ("invalid_json_resume", 422)


def test_declared_size_is_not_trusted(settings):
    """A client can send a small Content-Length for a big part; the bytes read decide."""
    settings.UPLOAD_MAX_BYTES = 2048
    lying = upload("cv.txt", b"a" * 4096)
    lying.size = 10
    with pytest.raises(UploadRejected) as caught:
        check_upload(lying)
    assert (caught.value.code, caught.value.status) == ("file_too_large", 413)
