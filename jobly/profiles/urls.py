from django.urls import path

from jobly.profiles import views

app_name = "profiles"
urlpatterns = [
    path("", views.profile_list, name="list"),
    path("import-json-resume/", views.import_json_resume_page, name="import-json-resume"),
    path("<int:profile_id>/", views.profile_edit, name="edit"),
    path("<int:profile_id>/delete/", views.profile_delete, name="delete"),
    path("<int:profile_id>/default/", views.profile_make_default, name="make-default"),
    path("<int:profile_id>/import/", views.profile_import, name="import"),
    path("<int:profile_id>/json-resume/", views.profile_export, name="export"),
]
