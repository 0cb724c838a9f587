"""Matching API: feeds, postings and matches."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter(trailing_slash=False)
