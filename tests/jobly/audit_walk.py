"""One person doing every audited thing through the real pages and API (and an operator in the
admin), so the audit tests can check that each left its entry, and that none holds a secret."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from jobly import background
from jobly.models import ApiToken, ResumeUpload
from tests.factories import BackgroundJobFactory, ProfileFactory
from tests.jobly.profiles.conftest import DATA, upload

USER_AGENT = "AuditWalk/1.0 (" + "x" * 400 + ")"
ADDRESS = "203.0.113.7"


@dataclass
class Walk:
    user: object
    operator: object
    secrets: list = field(default_factory=list)  # every password, token and cookie value used


def walk_every_audited_action(*, password, new_password, wrong_password):
    User = get_user_model()
    client = Client(HTTP_USER_AGENT=USER_AGENT, REMOTE_ADDR=ADDRESS, HTTP_X_REQUEST_ID="walk-request-0001")
    assert client.post("/accounts/signup/", {"username": "walker", "password1": password, "password2": password}).status_code == 302
    user = User.objects.get(username="walker")
    walk = Walk(user=user, operator=None, secrets=[password, new_password, wrong_password])
    walk.secrets.append(client.cookies["sessionid"].value)
    client.post("/accounts/logout/")
    assert client.post("/accounts/login/", {"username": "walker", "password": wrong_password}).status_code == 200
    assert client.post("/accounts/login/", {"username": "nobody-" + wrong_password, "password": wrong_password}).status_code == 200
    assert client.post("/accounts/login/", {"username": "walker", "password": password}).status_code == 302
    walk.secrets.append(client.cookies["sessionid"].value)
    assert client.post("/accounts/password_change/", {
        "old_password": password, "new_password1": new_password, "new_password2": new_password,
    }).status_code == 302
    assert client.post("/settings/account/", {"email": "walker@example.org", "first_name": "Walk", "last_name": "Er"}).status_code == 302

    page = client.post("/settings/tokens/", {"name": "laptop"})
    walk.secrets.append(page.context["new_key"])
    token = ApiToken.objects.get(owner=user, name="laptop")
    assert client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 302

    api = APIClient(HTTP_USER_AGENT=USER_AGENT, REMOTE_ADDR=ADDRESS)
    created = api.post("/api/tokens", {"name": "script"}, format="json", HTTP_AUTHORIZATION="")  # needs a login first
    assert created.status_code in (401, 403)
    api.force_authenticate(user)
    created = api.post("/api/tokens", {"name": "script"}, format="json").json()
    walk.secrets.append(created["key"])
    api.force_authenticate(None)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {created['key']}"}
    assert api.patch("/api/account", {"first_name": "Walker"}, format="json", **bearer).status_code == 200
    assert api.delete(f"/api/tokens/{created['id']}", **bearer).status_code == 204

    profile = ProfileFactory(owner=user)
    assert client.get(f"/profiles/{profile.pk}/json-resume/").status_code == 200
    response = client.post(f"/profiles/{profile.pk}/import/", {"file": upload("cv.txt", (DATA / "Alice Clark CV.txt").read_bytes())})
    assert response.status_code == 302
    resume = ResumeUpload.objects.get(owner=user)
    assert client.get(f"/profiles/{profile.pk}/imports/{resume.pk}/file/").status_code == 200

    operator = User.objects.create_superuser("operator", "ops@example.com", password)
    walk.operator = operator
    staff = Client(HTTP_USER_AGENT=USER_AGENT, REMOTE_ADDR=ADDRESS)
    staff.force_login(operator)
    walk.secrets.append(staff.cookies["sessionid"].value)
    assert staff.post(f"/admin/jobly/profile/{profile.pk}/change/", _profile_admin_form(profile, headline="Changed by ops")).status_code == 302
    assert staff.post(f"/admin/auth/user/{user.pk}/password/", {"password1": password, "password2": password, "usable_password": "true"}).status_code == 302
    job = BackgroundJobFactory(owner=user, status="failed")
    assert staff.post("/admin/jobly/backgroundjob/", {"action": "requeue_jobs", "_selected_action": [job.pk]}).status_code == 302
    background.BackgroundJob.objects.filter(owner=user, status="queued").delete()
    doomed = ProfileFactory(owner=user, name="Doomed")
    assert staff.post(f"/admin/jobly/profile/{doomed.pk}/delete/", {"post": "yes"}).status_code == 302
    return walk


def _profile_admin_form(profile, **changes):
    values = {
        "owner": profile.owner_id, "name": profile.name, "full_name": profile.full_name, "headline": profile.headline,
        "remote_preference": profile.remote_preference, "salary_currency": profile.salary_currency or "USD",
        "seniority": profile.seniority, "created_at_0": "2026-01-02", "created_at_1": "03:04:05",
    }
    for json_field in ("links", "skills", "experience", "education", "certifications", "languages", "target_titles",
                       "target_locations", "excluded_companies", "avoid_keywords"):
        values[json_field] = "[]"
    values.update(changes)
    return values
