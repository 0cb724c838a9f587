import pytest

from jobly.writers import EmbeddedWriter
from packets.ats import allowed_skills_for
from packets.document import cv_from_candidate, letter_from_text
from tests.writers.conftest import candidate, posting  # noqa: F401  (the same fictional profile and posting)


@pytest.fixture
def cv(candidate, posting):  # noqa: F811
    writer = EmbeddedWriter()
    bullets = {role.id: [writer.rewrite_bullet(item=b, posting=posting, candidate=candidate) for b in role.bullets]
               for role in candidate.roles}
    return cv_from_candidate(candidate, summary=writer.tailored_summary(candidate=candidate, posting=posting), bullets=bullets)


@pytest.fixture
def letter(candidate, posting):  # noqa: F811
    text = EmbeddedWriter().cover_letter(candidate=candidate, posting=posting)
    return letter_from_text(candidate, posting, text, date="1 December 2025")


@pytest.fixture
def allowed_skills(candidate, posting):  # noqa: F811
    return allowed_skills_for(candidate, posting=posting)
