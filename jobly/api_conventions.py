"""API conventions set once: capped pagination, owner-scoped querysets, token auth in the schema."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE


class OwnedQuerysetMixin:
    """The one place object-level access is decided: every query starts from `for_user(user)`.

    A view sets `owned_model` (a model whose manager has `for_user`); another user's ids are
    simply not in the queryset, so they answer 404 and leak nothing.
    """

    owned_model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.owned_model.objects.none()
        return self.scope_queryset(self.owned_model.objects.for_user(self.request.user))

    def scope_queryset(self, queryset):
        return queryset


class ApiTokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "jobly.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (Settings → API tokens)."}


def validated_filters(serializer_class, query_params, *, multi=(), start_of_day=()):
    """Validate list filters from a query string (400 with field details) into selector kwargs.

    Empty fields mean "no filter" (page forms send every field); `multi` names repeatable
    parameters; `start_of_day` date fields become aware datetimes at 00:00.
    """
    from datetime import datetime, time

    from django.utils import timezone

    data = {key: query_params.get(key) for key in query_params if key not in multi and query_params.get(key) != ""}
    for key in multi:
        if key in query_params:
            data[key] = [value for value in query_params.getlist(key) if value]
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    filters = dict(serializer.validated_data)
    for key in start_of_day:
        if filters.get(key):
            filters[key] = timezone.make_aware(datetime.combine(filters[key], time.min))
    return filters
