"""Interviews' domain errors: each a subclass of the core's classes with a stable code."""

from jobly.errors import Conflict, NotFound, PermanentError


class PrepNotFound(NotFound):
    code = "not_found"
    default_message = "Interview prep not found."


class QuestionNotInPrep(NotFound):
    code = "question_not_found"
    default_message = "This prep has no question with that id."


class PrepNotReady(Conflict):
    """The prep has no content yet (its first generation is queued, running or failed)."""

    code = "prep_not_ready"
    default_message = "The prep is not generated yet."


class FeedbackUnavailable(Conflict):
    """Feedback on an answer needs a language-model writer (LLM_BASE_URL); the embedded one gives none."""

    code = "feedback_unavailable"
    default_message = "Feedback on answers needs a language-model writer: set LLM_BASE_URL (see the writer settings)."


class NoProfile(Conflict):
    code = "no_profile"
    default_message = "Create a profile first: a prep is built from your own experience."


class PostingGone(PermanentError):
    code = "posting_gone"
    default_message = "The posting of this prep no longer exists."
