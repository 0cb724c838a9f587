"""Account API: the person's settings (`/api/account`) and their security log (`/api/audit-log`)."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from jobly import account, audit
from jobly.models import AuditEntry


class AccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["username", "email", "first_name", "last_name"]
        read_only_fields = ["username"]


class AccountView(APIView):
    """Your account: user name (read-only), e-mail address and name. Changes are audited."""

    @extend_schema(responses=AccountSerializer)
    def get(self, request):
        return Response(AccountSerializer(request.user).data)

    @extend_schema(request=AccountSerializer, responses=AccountSerializer)
    def patch(self, request):
        serializer = AccountSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = account.update_account_settings(user=request.user, **serializer.validated_data)
        return Response(AccountSerializer(user).data)


class AuditEntrySerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = ["id", "action", "label", "target_type", "target_id", "ip_address", "user_agent", "request_id", "detail", "created_at"]
        read_only_fields = fields

    def get_label(self, entry) -> str:
        return audit.label_for(entry.action)


class AuditLogView(generics.ListAPIView):
    """Your security log, newest first: sign-ins (and failed ones), token and account changes,
    exports and uploads. Filter with `?action=`."""

    serializer_class = AuditEntrySerializer
    filterset_fields = ["action"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        return account.security_log_for(self.request.user)
