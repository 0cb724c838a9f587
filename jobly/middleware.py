"""Request ids on every request and response, one structured access-log line per request, and the
API's rule for empty query parameters."""

import logging
import re
import time
import uuid

from django.http import JsonResponse

from jobly.errors import error_body
from jobly.logs import request_id_var

REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
WELL_FORMED_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
access_log = logging.getLogger("jobly.access")


def _request_id_from(request):
    supplied = request.META.get(REQUEST_ID_HEADER, "")
    if WELL_FORMED_REQUEST_ID.match(supplied):
        return supplied
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Accept a well-formed X-Request-ID or make one; expose it on the request, logs and response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id_from(request)
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class BlankQueryParameterMiddleware:
    """Under /api/, a query parameter sent with no value (`?status=`, `?page_size=`) is a 400 naming
    it. Every API parameter is optional: "any" is written by leaving it out. Read as "no filter",
    an empty value would be accepted where the schema's types and enums allow no empty string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            if "" in request.GET:
                details = {"": ["A query parameter needs a name."]}
                return JsonResponse(error_body("invalid", "A query parameter has no name.", details), status=400)
            blank = sorted({name for name, values in request.GET.lists() if any(value == "" for value in values)})
            if blank:
                details = {name: ["Give a value or leave the parameter out."] for name in blank}
                return JsonResponse(error_body("invalid", "Some query parameters are empty.", details), status=400)
        return self.get_response(request)


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        access_log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "request_id": getattr(request, "request_id", "-"),
            },
        )
        return response
