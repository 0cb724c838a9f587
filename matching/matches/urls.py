"""Pages for matches: the ranked list of one profile, one match's breakdown, and the recompute button."""

from django.urls import path

from matching.matches import views

app_name = "matches"
urlpatterns = [
    path("", views.match_list, name="list"),
    path("recompute/", views.recompute, name="recompute"),
    path("<int:match_id>/", views.match_detail, name="detail"),
]
