"""API conventions: strict pagination parameters (400, not 404 or silence), empty query parameters
refused (400 naming them), and the schema saying so."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import BackgroundJobFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["-1", "0", "abc", "1.5", "last", "١"])
def test_a_page_that_is_not_a_positive_whole_number_is_400(auth_client, page):
    response = auth_client.get("/api/background-jobs", {"page": page})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and "page" in error["details"]


@pytest.mark.parametrize("page_size", ["-5", "0", "false", "ten"])
def test_a_bad_page_size_is_400_instead_of_being_ignored(auth_client, page_size):
    response = auth_client.get("/api/feeds", {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()["error"]["details"]


def test_a_page_past_the_end_stays_404_and_large_page_sizes_are_capped(auth_client, user):
    BackgroundJobFactory.create_batch(3, owner=user)
    assert auth_client.get("/api/background-jobs", {"page": "2"}).json()["error"]["code"] == "not_found"
    response = auth_client.get("/api/background-jobs", {"page": "1", "page_size": "5000"})
    assert response.status_code == 200 and response.json()["count"] == 3


@pytest.mark.parametrize("path, name", [("/api/background-jobs?status=", "status"), ("/api/jobs?q=&page=1", "q"),
                                        ("/api/profiles?ordering=", "ordering"), ("/api/events?after=", "after"),
                                        ("/api/writer?=", "")])
def test_an_empty_query_parameter_is_400_naming_it(auth_client, path, name):
    response = auth_client.get(path)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "invalid" and list(body["error"]["details"]) == [name]
    assert body["request_id"] == response["X-Request-ID"]


def test_pages_still_read_empty_form_fields_as_no_filter(logged_in_client):
    assert logged_in_client.get("/jobs/?q=&location=&ordering=").status_code == 200


def test_the_schema_says_string_query_parameters_cannot_be_empty():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    q = next(p for p in schema["paths"]["/api/jobs"]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"]["minLength"] == 1


def test_an_unknown_ordering_is_a_400_naming_the_fields(auth_client):
    response = auth_client.get("/api/background-jobs?ordering=0")
    assert response.status_code == 400
    assert "created_at" in str(response.json()["error"]["details"]["ordering"])
    assert auth_client.get("/api/background-jobs?ordering=-finished_at,created_at").status_code == 200


@pytest.mark.parametrize(("value", "status"), [("true", 200), ("false", 200), ("0", 400), ("yes", 400)])
def test_a_boolean_query_parameter_is_true_or_false(auth_client, value, status):
    assert auth_client.get(f"/api/writer?refresh={value}").status_code == status


@pytest.mark.parametrize("path", ["/api/packets", "/api/profiles", "/api/tokens", "/api/background-jobs"])
def test_every_list_with_default_filters_refuses_an_ordering_it_does_not_have(auth_client, path):
    response = auth_client.get(path, {"ordering": "0"})
    assert response.status_code == 400, (path, response.content)
    assert "ordering" in response.json()["error"]["details"]
    assert auth_client.get(path, {"ordering": "-created_at"}).status_code == 200


@pytest.mark.parametrize("path, body, field", [
    ("/api/profiles", {"name": 0}, "name"),
    ("/api/profiles", {"name": "Main", "headline": 5}, "headline"),
    ("/api/profiles", {"name": "Main", "skills": [{"name": 3.5}]}, "skills"),
    ("/api/tokens", {"name": 12}, "name"),
    ("/api/feeds", {"url": 7}, "url"),
])
def test_a_number_sent_where_the_schema_says_string_is_refused_not_stored_as_text(auth_client, user, path, body, field):
    from jobly.models import ApiToken, Profile

    before = (Profile.objects.filter(owner=user).count(), ApiToken.objects.filter(owner=user).count())
    response = auth_client.post(path, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["details"]
    assert (Profile.objects.filter(owner=user).count(), ApiToken.objects.filter(owner=user).count()) == before


def test_strings_still_arrive_from_forms_and_json(auth_client):
    assert auth_client.post("/api/profiles", {"name": "Main", "headline": "Engineer"}, format="json").status_code == 201
    assert auth_client.post("/api/tokens", {"name": "ci"}, format="multipart").status_code == 201
