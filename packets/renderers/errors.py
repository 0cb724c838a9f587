"""Render errors as codes: `render_timeout` (a compile ran past its limit), `render_error` (it failed)."""

from jobly.errors import PermanentError


class RenderError(PermanentError):
    code = "render_error"
    default_message = "The document could not be rendered."


class RenderTimeout(RenderError):
    code = "render_timeout"
    default_message = "Rendering the document took longer than allowed."
