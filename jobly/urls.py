from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from jobly import account_api, account_views, api, downloads, health, views

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
    path("account", account_api.AccountView.as_view(), name="api-account"),
    path("audit-log", account_api.AuditLogView.as_view(), name="api-audit-log"),
    path("profiles/<int:profile_id>/imports/<int:upload_id>/file", downloads.ResumeFileView.as_view(), name="api-resume-file"),
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
    path("accounts/password_change/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("settings/account/", account_views.account_settings, name="account-settings"),
    path("settings/security-log/", account_views.security_log, name="security-log"),
    path("settings/tokens/", views.api_tokens, name="api-tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke-api-token"),
    path("background-jobs/", views.background_jobs, name="background-jobs"),
    path("background-jobs/warmup/", views.start_warmup, name="start-warmup"),
    path("background-jobs/<int:job_id>/cancel/", views.cancel_background_job, name="cancel-background-job"),
    path("profiles/<int:profile_id>/imports/<int:upload_id>/file/", downloads.resume_file_page, name="resume-file"),
    path("profiles/", include("jobly.profiles.urls")),
    path("matches/", include("matching.matches.urls")),
    path("", include("matching.urls")),
    path("", views.dashboard, name="dashboard"),
]

handler400 = "jobly.errors.handler400"
handler403 = "jobly.errors.handler403"
handler404 = "jobly.errors.handler404"
handler500 = "jobly.errors.handler500"
