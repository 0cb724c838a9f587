"""Interviews' API: POST /api/interviews/generate (202 and the background job) and the preps under
/api/interview-preps (list, detail, delete, practice answers, re-planning, exports). The core joins
`router` and `urlpatterns` into the one API root. (/api/interviews itself lists the interviews
tracking schedules.)"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from interviews.api.preps import GenerateView, InterviewPrepViewSet

router = SimpleRouter(trailing_slash=False)
router.register("interview-preps", InterviewPrepViewSet, basename="interview-prep")

urlpatterns = [
    path("interviews/generate", GenerateView.as_view(), name="interview-generate"),
]
