from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from jobly import api, health, views
from jobly.writers import api as writer_api, views as writer_views

# One router, so the browsable API root lists every resource; apps contribute their routes.
router = DefaultRouter(trailing_slash=False)
router.registry.extend(api.router.registry)
for module_name in ("jobly.profiles.api", "matching.api", "matching.matches.api"):
    module = __import__(module_name, fromlist=["router"])
    router.registry.extend(module.router.registry)

api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("events", api.EventListView.as_view(), name="api-events"),
    path("diagnostics/warmup", api.WarmupView.as_view(), name="api-warmup"),
    path("writer", writer_api.WriterStatusView.as_view(), name="api-writer"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("health", health.alive, name="health"),
    path("healthz", health.alive, name="healthz"),
    path("readyz", health.ready, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("settings/tokens/", views.api_tokens, name="api-tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke-api-token"),
    path("settings/writer/", writer_views.writer_settings, name="writer-settings"),
    path("background-jobs/", views.background_jobs, name="background-jobs"),
    path("background-jobs/warmup/", views.start_warmup, name="start-warmup"),
    path("background-jobs/<int:job_id>/cancel/", views.cancel_background_job, name="cancel-background-job"),
    path("profiles/", include("jobly.profiles.urls")),
    path("matches/", include("matching.matches.urls")),
    path("", include("matching.urls")),
    path("", views.dashboard, name="dashboard"),
]

handler400 = "jobly.errors.handler400"
handler403 = "jobly.errors.handler403"
handler404 = "jobly.errors.handler404"
handler500 = "jobly.errors.handler500"
