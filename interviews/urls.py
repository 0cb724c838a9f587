"""Interviews' pages, mounted at InterviewsConfig.url_prefix ("interviews/")."""

from django.urls import path

from interviews import views

app_name = "interviews"
urlpatterns = [
    path("", views.prep_list, name="list"),
    path("prepare/", views.prepare, name="prepare"),
    path("<int:prep_id>/", views.detail, name="detail"),
    path("<int:prep_id>/practice/", views.practise, name="practice"),
    path("<int:prep_id>/practice/feedback/", views.ask_feedback, name="feedback"),
    path("<int:prep_id>/replan/", views.replan, name="replan"),
    path("<int:prep_id>/delete/", views.delete, name="delete"),
]
