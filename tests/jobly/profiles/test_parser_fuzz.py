"""Mutated real resumes (byte flips, truncation) never crash extraction or parsing.

Every outcome is a draft or a PermanentError with a code (RELIABILITY row 24). Examples per
format: JOBLY_FUZZ_EXAMPLES (default 30).
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from jobly.errors import PermanentError
from jobly.profiles.resume.checks import UploadRejected, detect_kind
from jobly.profiles.resume.extract import extract_text, parse_deadline
from jobly.profiles.resume.parse import parse_resume_text
from tests.jobly.profiles.conftest import DATA

EXAMPLES = int(os.environ.get("JOBLY_FUZZ_EXAMPLES", "30"))
FILES = {"pdf": "Alice Clark CV.pdf", "docx": "Alice Clark CV.docx", "text": "Alice Clark CV.txt"}
CODES = {"parse_error", "pdf_encrypted", "pdf_no_text", "empty_text", "unsupported_type", "archive_too_large",
         "malformed_archive", "invalid_json_resume"}


def mutations(size):
    flips = st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, 255)), max_size=20)
    return st.tuples(st.integers(0, size), flips)


def _run(payload):
    try:
        kind = detect_kind(payload, "resume")
        if kind == "json_resume":
            return
        with parse_deadline(10):
            text = extract_text(kind, payload).text
        draft = parse_resume_text(text)
        assert isinstance(draft["experience"], list) and isinstance(draft["unplaced_text"], str)
    except (PermanentError, UploadRejected) as error:
        assert error.code in CODES, error.code


@pytest.mark.parametrize("kind", list(FILES))
def test_mutated_resumes_end_in_a_draft_or_a_coded_error(kind):
    original = (DATA / FILES[kind]).read_bytes()

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(mutations(len(original)))
    def check(mutation):
        cut, flips = mutation
        payload = bytearray(original[:cut] if cut else original)
        for position, value in flips:
            if position < len(payload):
                payload[position] = value
        _run(bytes(payload))

    check()
