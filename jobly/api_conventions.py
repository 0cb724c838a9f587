"""API conventions set once: strict capped pagination, owner-scoped querysets, token auth in the
schema, list filters, and the URL field every API input that takes a URL uses."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from jobly.cache import cached_for_user
from jobly.http import MAX_URL_LENGTH, FetchRefused, clean_url


class StandardPagination(PageNumberPagination):
    """`page` and `page_size` are positive whole numbers or a 400 naming the parameter (DRF would
    answer `page=abc` with 404 and ignore `page_size=abc`); a page past the end stays 404."""

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    last_page_strings = ()  # the schema says integer; "last" would be a second, undocumented spelling

    def paginate_queryset(self, queryset, request, view=None):
        errors = {}
        for name in (self.page_query_param, self.page_size_query_param):
            raw = request.query_params.get(name)
            if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
                errors[name] = ["A whole number, 1 or more."]
        if errors:
            raise serializers.ValidationError(errors)
        return super().paginate_queryset(queryset, request, view)


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=` names only the view's ordering fields (optionally with "-") or it is a 400 naming
    them; DRF's own filter silently ignores what it does not know. The fields are the view's
    `ordering_fields`, or DRF's default (its serializer's model fields) where it declares none. Views
    that order through their own filter form (matches, postings, applications) set no filter backends."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is not None:
            allowed = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
            terms = [term.strip() for term in raw.split(",")]
            unknown = [term for term in terms if term.lstrip("-") not in allowed]
            if unknown:
                raise serializers.ValidationError(
                    {self.ordering_param: [f"Order by one of: {', '.join(sorted(allowed))} (prefix - for descending)."]}
                )
        return super().get_ordering(request, queryset, view)


def refuse_non_strings_in_string_fields():
    """Every DRF CharField (RegexField, EmailField, URLField, ... too) takes only a string: DRF turns the
    number 0 into "0", so a JSON body with a number where the schema says string was stored as text,
    not refused. A form or a query string carries strings only, so only typed bodies (JSON) change.
    Installed once, from JoblyConfig.ready()."""
    field = serializers.CharField
    if getattr(field.to_internal_value, "refuses_non_strings", False):
        return
    original = field.to_internal_value

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return original(self, data)

    to_internal_value.refuses_non_strings = True
    field.to_internal_value = to_internal_value


def query_flag(request, name):
    """A boolean query parameter: `true` or `false` (the schema's spelling), absent means false."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    if raw not in ("true", "false"):
        raise serializers.ValidationError({name: ["Use true or false."]})
    return raw == "true"


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice stored as "" when unknown and sent as null, so every value on the wire is in the
    schema's enum (or null), never an empty string the enum lacks."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)


@extend_schema_field({"type": "string", "format": "uri", "maxLength": MAX_URL_LENGTH})
class FetchableURLField(serializers.CharField):
    """A URL the server may fetch: checked by jobly.http.clean_url, the gate the pages and OPML import
    use too, and returned as stored (punycode host, percent-encoded path). A refusal keeps its code
    (`url_not_allowed`, `url_too_long`, ...): alone it answers 422 with that code, as the pages do."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "" and self.allow_blank:
            return value
        try:
            return clean_url(value)
        except FetchRefused as refused:
            raise serializers.ValidationError(refused.message, code=refused.code) from refused


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


class CachedListMixin:
    """`list()` answered from the read cache (jobly.cache) per user and absolute URL (filters, page, the
    links' host): the page's data before rendering, so JSON and the browsable API share it. A filter error
    raises before anything is stored. Set `list_cache_name`, `list_cache_setting` (the TTL setting's name)
    and `list_cache_topics(user_id)`: the topics whose writes retire a page."""

    list_cache_name = ""
    list_cache_setting = ""

    def list_cache_topics(self, user_id):
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        user = request.user

        def page():
            return super(CachedListMixin, self).list(request, *args, **kwargs).data

        return Response(cached_for_user(self.list_cache_name, user, (request.build_absolute_uri(),), page,
                                        topics=self.list_cache_topics(user.pk),
                                        timeout=getattr(settings, self.list_cache_setting)))


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
