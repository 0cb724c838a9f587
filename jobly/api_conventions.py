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
