"""Matching's pages: feeds, postings (`/jobs/`) and matches. Mounted at MatchingConfig.url_prefix."""

from django.urls import path

from matching import views

app_name = "matching"
urlpatterns = [
    path("feeds/", views.feeds, name="feeds"),
    path("feeds/fetch-all/", views.fetch_all_feeds, name="fetch-all-feeds"),
    path("feeds/import/", views.import_feeds, name="import-feeds"),
    path("feeds/<int:feed_id>/fetch/", views.fetch_feed_now, name="fetch-feed"),
    path("feeds/<int:feed_id>/delete/", views.delete_feed, name="delete-feed"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/paste/", views.paste_job, name="paste-job"),
    path("jobs/<int:job_id>/", views.job_detail, name="job-detail"),
    path("matches/", views.match_list, name="matches"),
    path("matches/recompute/", views.recompute_matches, name="recompute-matches"),
    path("matches/<int:match_id>/", views.match_detail, name="match-detail"),
]
