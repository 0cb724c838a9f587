"""The real URLconf plus API views that fail on purpose, to test the error format."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from jobly.urls import urlpatterns as real_patterns

handler400 = "jobly.errors.handler400"
handler403 = "jobly.errors.handler403"
handler404 = "jobly.errors.handler404"
handler500 = "jobly.errors.handler500"


class Boom(APIView):
    def get(self, request):
        raise RuntimeError("secret internal detail: password=hunter2")


class Validate(APIView):
    def post(self, request):
        from rest_framework import serializers

        class Body(serializers.Serializer):
            score = serializers.IntegerField(min_value=0, max_value=100)

        body = Body(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(body.validated_data)


urlpatterns = [
    path("api/test/boom", Boom.as_view()),
    path("api/test/validate", Validate.as_view()),
    *real_patterns,
]
