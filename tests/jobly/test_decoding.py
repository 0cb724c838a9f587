"""Text resumes are decoded as UTF-8 unless they are mostly not: one bad byte is one U+FFFD, not a
whole file read as cp1252; legacy files go to charset-normalizer; BOMs decide UTF-16/32.

Unit cases, then the real path: the upload check in the request and the parse in the job."""

import codecs

import pytest

from jobly import background
from jobly.decoding import decode_text
from tests.factories import ProfileFactory
from tests.jobly.profiles.conftest import DATA, upload

pytestmark = pytest.mark.django_db

# A real CV (tests/data/resumes, PII: tests only) with accented words added, so a wrong guess shows.
CV = (DATA / "Alice Clark CV.txt").read_text(encoding="utf-8").replace(
    "Delhi, India", "Zürich, Suisse (naïve Bayes, Café Müller)", 1
)
LATIN = CV.replace("•", "*").replace("–", "-")  # latin-1 has neither bullet nor dash


def utf8_with_one_bad_byte():
    data = CV.encode("utf-8")
    cut = data.index(b"Machine")
    return data[:cut] + b"\x92" + data[cut:]


ENCODED = {
    "cp1252": (CV.encode("cp1252"), CV),
    "latin-1": (LATIN.encode("latin-1"), LATIN),
    "utf-16-bom": (codecs.BOM_UTF16_LE + CV.encode("utf-16-le"), CV),
    "utf-8-one-bad-byte": (utf8_with_one_bad_byte(), CV.replace("Machine", "\ufffdMachine", 1)),
}


@pytest.mark.parametrize("name", ENCODED)
def test_each_encoding_reads_back_the_exact_text(name):
    data, expected = ENCODED[name]
    assert decode_text(data).text == expected


def test_one_bad_byte_in_utf8_is_replaced_not_a_reason_to_switch_encoding():
    decoded = decode_text(utf8_with_one_bad_byte())
    assert decoded.encoding == "utf-8" and decoded.replaced == 1
    assert "Zürich" in decoded.text and "Ã" not in decoded.text
    assert decoded.note == "One invalid byte sequence in the file is shown as �."


def test_a_few_smart_quotes_in_ascii_text_are_windows_1252_not_a_cjk_guess():
    assert decode_text(b"John Smith\nI\x92m a backend engineer.\n").text == "John Smith\nI\u2019m a backend engineer.\n"


def test_a_legacy_cyrillic_file_is_detected():
    text = "Иван Петров\nРазработчик Python, опыт работы пять лет\nМосква\n"
    assert decode_text(text.encode("cp1251")).text == text


@pytest.mark.parametrize("name", ENCODED)
def test_an_uploaded_text_resume_in_each_encoding_parses_to_the_right_text(auth_client, user, name,
                                                                           django_capture_on_commit_callbacks):
    data, expected = ENCODED[name]
    profile = ProfileFactory(owner=user, full_name="")
    with django_capture_on_commit_callbacks(execute=False):
        response = auth_client.post(f"/api/profiles/{profile.pk}/import", {"file": upload("cv.txt", data)}, format="multipart")
    assert response.status_code == 202, response.json()
    job = background.run(response.json()["job_id"])
    assert job.status == "succeeded", job.error
    body = auth_client.get(f"/api/profiles/{profile.pk}/imports/{response.json()['upload_id']}").json()
    draft = body["draft"]
    assert draft["full_name"] == "Alice Clark"
    everything = " ".join(str(value) for value in draft.values())
    assert "Zürich" in everything and "Café Müller" in everything, everything[:500]
    assert "Ã" not in everything
    if name != "utf-8-one-bad-byte":
        assert any("not UTF-8" in note for note in body["notes"])
