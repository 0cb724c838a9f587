"""Tracking's pages, mounted at TrackingConfig.url_prefix ("applications/")."""

from django.urls import path

from tracking import views

app_name = "tracking"
urlpatterns = [
    path("", views.board, name="board"),
    path("table/", views.table, name="table"),
    path("new/", views.new_application, name="new"),
    path("track/", views.track, name="track"),
    path("analytics/", views.analytics_page, name="analytics"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed_view, name="calendar-feed"),
    path("<int:application_id>/", views.detail, name="detail"),
    path("<int:application_id>/edit/", views.edit, name="edit"),
    path("<int:application_id>/status/", views.change_status, name="status"),
    path("<int:application_id>/notes/", views.add_note, name="note"),
    path("<int:application_id>/interviews/", views.add_interview, name="interview"),
    path("<int:application_id>/delete/", views.delete, name="delete"),
]
