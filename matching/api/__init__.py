"""Matching's API: feeds, postings (`/api/jobs`) and matches. The core joins `router` into the one API root."""

from rest_framework.routers import SimpleRouter

from matching.api.feeds import FeedViewSet
from matching.api.matches import MatchViewSet
from matching.api.postings import JobViewSet

router = SimpleRouter(trailing_slash=False)
router.register("feeds", FeedViewSet, basename="feed")
router.register("jobs", JobViewSet, basename="job")
router.register("matches", MatchViewSet, basename="match")
