"""API conventions set once: capped pagination, owner-scoped querysets, token auth in the schema, list filters."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.exceptions import ValidationError
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


def validated_filters(form_class, query_params):
    """A list endpoint's filters through the page's FilterForm: 400 with field details, else selector kwargs."""
    form = form_class.from_query(query_params)
    if not form.is_valid():
        raise ValidationError({field: [str(message) for message in messages] for field, messages in form.errors.items()})
    return form.filters()
