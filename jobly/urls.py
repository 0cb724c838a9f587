"""The root URLconf: the core's pages and API, then every installed app's, found from its AppConfig.

An app declares `url_prefix`, `page_urls` (a module with `app_name` and `urlpatterns`) and `api_urls`
(a module with a DRF `router`, and optionally `urlpatterns` under /api/). They are included here by
dotted name from the app registry, so the core imports no app and adding one needs no edit here.
There is one DRF router, so the browsable API root lists every resource.
"""

from importlib import import_module

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from jobly import account_api, account_views, api, downloads, health, views
from jobly.notifications import api as notifications_api
from jobly.profiles import api as profiles_api
from jobly.writers import api as writer_api, views as writer_views


def app_url_configs():
    """Installed apps that declare pages or an API, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if getattr(config, "page_urls", None) or getattr(config, "api_urls", None)]


router = DefaultRouter(trailing_slash=False)
router.registry.extend(api.router.registry)
router.registry.extend(profiles_api.router.registry)
router.registry.extend(notifications_api.router.registry)
api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("events", api.EventListView.as_view(), name="api-events"),
    path("diagnostics/warmup", api.WarmupView.as_view(), name="api-warmup"),
    path("writer", writer_api.WriterStatusView.as_view(), name="api-writer"),
    path("account", account_api.AccountView.as_view(), name="api-account"),
    path("audit-log", account_api.AuditLogView.as_view(), name="api-audit-log"),
    path("profiles/<int:profile_id>/imports/<int:upload_id>/file", downloads.ResumeFileView.as_view(), name="api-resume-file"),
    *notifications_api.urlpatterns,
]
app_pages = []
for config in app_url_configs():
    if getattr(config, "api_urls", None):
        module = import_module(config.api_urls)
        router.registry.extend(module.router.registry)
        api_patterns += getattr(module, "urlpatterns", [])
    if getattr(config, "page_urls", None):
        app_pages.append(path(getattr(config, "url_prefix", f"{config.label}/"), include(config.page_urls)))
api_patterns.append(path("", include(router.urls)))

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
    path("settings/writer/", writer_views.writer_settings, name="writer-settings"),
    path("background-jobs/", views.background_jobs, name="background-jobs"),
    path("background-jobs/warmup/", views.start_warmup, name="start-warmup"),
    path("background-jobs/<int:job_id>/cancel/", views.cancel_background_job, name="cancel-background-job"),
    path("profiles/<int:profile_id>/imports/<int:upload_id>/file/", downloads.resume_file_page, name="resume-file"),
    path("profiles/", include("jobly.profiles.urls")),
    path("", include("jobly.notifications.urls")),
    *app_pages,
    path("", views.dashboard, name="dashboard"),
]

handler400 = "jobly.errors.handler400"
handler403 = "jobly.errors.handler403"
handler404 = "jobly.errors.handler404"
handler500 = "jobly.errors.handler500"
