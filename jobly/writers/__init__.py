"""Writers: the text of tailored CVs, cover letters and interview content, from the real profile.

    from jobly.writers import get_writer, candidate_from_profile_fields, Posting
    writer = get_writer()                      # EmbeddedWriter unless an LLM server is configured
    summary = writer.tailored_summary(candidate=candidate, posting=posting)      # -> Written
    bullet = writer.rewrite_bullet(item=item, posting=posting, candidate=candidate)
    letter = writer.cover_letter(candidate=candidate, posting=posting)            # -> LetterText
    data = writer.complete_json(purpose="interviews.star", payload={...}, schema={...})

Every text output has passed the provenance guard (`jobly.writers.guard.check_rewrite`) or is the
original profile text, with the rejection in `notes`.
"""

from django.conf import settings

from jobly.writers.base import Writer, evidenced_skills, validate_json
from jobly.writers.embedded import EmbeddedWriter, pick_achievements, register_embedded
from jobly.writers.errors import (
    LLMAuthFailed,
    LLMBadRequest,
    LLMBadResponse,
    LLMTimeout,
    LLMUnavailable,
    WriterUnsupported,
)
from jobly.writers.facts import Candidate, LetterText, Posting, Project, Role, SourceItem, Written, candidate_from_profile_fields
from jobly.writers.guard import Verdict, check_rewrite


def get_writer():
    """The writer the settings choose: WRITER=embedded|openai, or auto (openai when LLM_BASE_URL is set)."""
    choice = settings.WRITER
    if choice == "embedded" or (choice == "auto" and not settings.LLM_BASE_URL):
        return EmbeddedWriter()
    from jobly.writers.openai_chat import ChatClient, OpenAIChatWriter

    return OpenAIChatWriter(ChatClient.from_settings())


def writer_status(*, refresh=False):
    from jobly.writers.status import writer_status as status

    return status(refresh=refresh)


__all__ = [
    "Candidate", "EmbeddedWriter", "LLMAuthFailed", "LLMBadRequest", "LLMBadResponse", "LLMTimeout", "LLMUnavailable",
    "LetterText", "Posting", "Project", "Role", "SourceItem", "Verdict", "Writer", "WriterUnsupported", "Written",
    "candidate_from_profile_fields", "check_rewrite", "evidenced_skills", "get_writer", "pick_achievements",
    "register_embedded", "validate_json", "writer_status",
]
