"""Tracking's domain errors: each a subclass of the core's classes with a stable code."""

from jobly.errors import Conflict, InvalidInput, NotFound


class ApplicationNotFound(NotFound):
    code = "not_found"
    default_message = "Application not found."


class TransitionNotAllowed(Conflict):
    """The pipeline does not allow this move (e.g. back from interviewing to screening, or out of a final status)."""

    code = "transition_not_allowed"


class StatusChanged(Conflict):
    """The application is no longer in the status the client saw (another tab or device moved it)."""

    code = "status_changed"


class AlreadyTracked(Conflict):
    code = "already_tracked"


class BadContacts(InvalidInput):
    code = "invalid"
