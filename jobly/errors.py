"""Errors as values with codes, and the one mapping of errors to the API's error body.

Every 4xx/5xx under /api/ is `{"error": {"code", "message", "details"}, "request_id"}`.
"""

import logging

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError as DjangoValidationError,
)
from django.http import Http404, JsonResponse
from rest_framework import exceptions as drf_exceptions, status
from rest_framework.response import Response

from jobly.logs import request_id_var

logger = logging.getLogger("jobly.errors")


class DomainError(Exception):
    """A business rule said no. `code` is stable; `status` is the HTTP status the API answers."""

    code = "domain_error"
    status = 400
    default_message = "The request could not be completed."

    def __init__(self, message=None, *, code=None, status=None, details=None):
        self.message = message or self.default_message
        if code:
            self.code = code
        if status:
            self.status = status
        self.details = details or {}
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = "Not found."


class Conflict(DomainError):
    code = "conflict"
    status = 409


class PermanentError(DomainError):
    """Bad input: the API answers 422 (or a subclass's status); a background job fails at once, never retrying."""

    code = "bad_input"
    status = 422


class InvalidInput(PermanentError):
    """The request is malformed or misses what it needs (400)."""

    code = "invalid"
    status = 400


class TooLarge(PermanentError):
    code = "too_large"
    status = 413


class UnsupportedType(PermanentError):
    code = "unsupported_type"
    status = 415


class TransientError(DomainError):
    """A timeout, connection error or 5xx from an outside service: retry with backoff."""

    code = "transient_error"
    status = 503


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
    default_message = "Too many new background jobs; try again shortly."

    def __init__(self, message=None, *, retry_after=60, **kwargs):
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


def error_body(code, message, details=None, request_id=None):
    return {
        "error": {"code": code, "message": message, "details": details or {}},
        "request_id": request_id or request_id_var.get(),
    }


DRF_CODES = {
    drf_exceptions.NotAuthenticated: "not_authenticated",
    drf_exceptions.AuthenticationFailed: "authentication_failed",
    drf_exceptions.PermissionDenied: "permission_denied",
    drf_exceptions.NotFound: "not_found",
    drf_exceptions.MethodNotAllowed: "method_not_allowed",
    drf_exceptions.NotAcceptable: "not_acceptable",
    drf_exceptions.UnsupportedMediaType: "unsupported_media_type",
    drf_exceptions.Throttled: "throttled",
    drf_exceptions.ParseError: "malformed_request",
    drf_exceptions.ValidationError: "invalid",
}


# Field errors that are domain refusals: when they are a request's only errors, the API answers with
# the domain code and status, the same as a page or service that refuses the value (a URL is
# `url_not_allowed` 422 however it arrives).
FIELD_ERROR_STATUSES = {"url_not_allowed": 422, "scheme_not_allowed": 422, "port_not_allowed": 422, "url_too_long": 422}


def _codes(value):
    if isinstance(value, dict):
        return {code for item in value.values() for code in _codes(item)}
    if isinstance(value, list):
        return {code for item in value for code in _codes(item)}
    return {value}


def _first_message(detail):
    if isinstance(detail, dict):
        return _first_message(next(iter(detail.values())))
    if isinstance(detail, list):
        return _first_message(detail[0])
    return str(detail)


def _domain_field_error(exc):
    """(code, status) when every error in a ValidationError is the same domain refusal."""
    codes = _codes(exc.get_codes())
    if len(codes) == 1 and (code := next(iter(codes))) in FIELD_ERROR_STATUSES:
        return code, FIELD_ERROR_STATUSES[code]
    return None


def _drf_message_and_details(exc):
    if isinstance(exc, drf_exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            return "The request has invalid fields.", detail
        if isinstance(detail, list):
            return "The request is invalid.", {"non_field_errors": detail}
        return str(detail), {}
    return str(exc.detail), {}


def api_exception_handler(exc, context):
    """DRF exception handler: every error, expected or not, leaves in the standard body."""
    headers = {}
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = drf_exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, RequestDataTooBig):
        exc = TooLarge("The request body is larger than allowed.", code="request_too_large")
    elif isinstance(exc, SuspiciousOperation):
        # e.g. TooManyFilesSent / TooManyFieldsSent while DRF parses a multipart body (CVE-2023-24580).
        exc = InvalidInput("The request is malformed or exceeds a limit.", code="bad_request")

    if isinstance(exc, DomainError):
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = str(exc.retry_after)
        return Response(error_body(exc.code, exc.message, exc.details), status=exc.status, headers=headers)

    if isinstance(exc, drf_exceptions.ValidationError) and (domain := _domain_field_error(exc)):
        _, details = _drf_message_and_details(exc)
        return Response(error_body(domain[0], _first_message(exc.detail), details), status=domain[1])

    if isinstance(exc, drf_exceptions.APIException):
        code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), None)
        if code is None:
            code = exc.default_code if isinstance(exc.default_code, str) else "error"
        message, details = _drf_message_and_details(exc)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        return Response(error_body(code, message, details), status=exc.status_code, headers=headers)

    logger.exception("unhandled API error")
    return Response(
        error_body("server_error", "Something went wrong on our side; the request id identifies it."),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def _wants_json(request):
    return request.path.startswith("/api/")


def handler404(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    from django.shortcuts import render

    return render(request, "404.html", status=404)


def handler403(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("permission_denied", "You do not have permission to do this."), status=403)
    from django.shortcuts import render

    return render(request, "403.html", status=403)


def handler400(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("bad_request", "The request is malformed."), status=400)
    from django.shortcuts import render

    return render(request, "400.html", status=400)


def handler500(request):
    if _wants_json(request):
        return JsonResponse(
            error_body("server_error", "Something went wrong on our side; the request id identifies it."),
            status=500,
        )
    from django.shortcuts import render

    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    if _wants_json(request):
        return JsonResponse(error_body("csrf_failed", "CSRF verification failed."), status=403)
    from django.shortcuts import render

    return render(request, "403.html", {"reason": "Your form expired or came from another site."}, status=403)
