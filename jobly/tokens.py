"""API token authentication: `Authorization: Bearer jbl_...` (or `Token jbl_...`)."""

from django.db import transaction
from django.utils import timezone
from rest_framework import authentication, exceptions

from jobly.models import ApiToken


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header; expected 'Bearer <token>'.")
        try:
            raw_key = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        token = (
            ApiToken.objects.active()
            .select_related("owner")
            .filter(key_hash=ApiToken.hash_key(raw_key))
            .first()
        )
        if token is None or not token.owner.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.owner, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def create_token(*, user, name):
    """Create a token; returns (token, raw_key). The raw key is not stored and cannot be shown again."""
    from jobly import audit

    raw_key = ApiToken.generate_key()
    with transaction.atomic():
        token = ApiToken.objects.create(owner=user, name=name.strip()[:100] or "API token", prefix=raw_key[:10], key_hash=ApiToken.hash_key(raw_key))
        audit.record("api_token.created", actor=user, target=token, detail={"name": token.name, "prefix": token.prefix})
    return token, raw_key


def revoke_token(*, user, token_id):
    from jobly import audit
    from jobly.errors import NotFound

    with transaction.atomic():
        updated = ApiToken.objects.for_user(user).active().filter(pk=token_id).update(revoked_at=timezone.now())
        if updated:
            audit.record("api_token.revoked", actor=user, target_type=ApiToken._meta.label_lower, target_id=token_id)
    if not updated and not ApiToken.objects.for_user(user).filter(pk=token_id).exists():
        raise NotFound("Token not found.")
