"""The calendar token: see whether one is active, create (rotate) one, revoke it."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tracking.models import CalendarToken
from tracking.services import calendar

TokenStatus = inline_serializer("CalendarTokenStatus", {
    "active": serializers.BooleanField(), "prefix": serializers.CharField(allow_null=True),
    "created_at": serializers.DateTimeField(allow_null=True), "last_used_at": serializers.DateTimeField(allow_null=True),
})
NewToken = inline_serializer("NewCalendarToken", {"prefix": serializers.CharField(), "url": serializers.CharField()})


class CalendarTokenView(APIView):
    """Your private iCalendar feed. POST makes a new URL (the old one stops working); DELETE revokes it."""

    @extend_schema(responses={200: TokenStatus})
    def get(self, request):
        token = CalendarToken.objects.for_user(request.user).active().first()
        return Response({"active": token is not None, "prefix": token.prefix if token else None,
                         "created_at": token.created_at if token else None,
                         "last_used_at": token.last_used_at if token else None})

    @extend_schema(request=None, responses={201: NewToken})
    def post(self, request):
        token, raw = calendar.rotate_calendar_token(user=request.user)
        url = request.build_absolute_uri(reverse("tracking:calendar-feed", kwargs={"token": raw}))
        return Response({"prefix": token.prefix, "url": url}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        calendar.revoke_calendar_token(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
