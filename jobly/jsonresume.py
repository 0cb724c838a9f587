"""JSON Resume (jsonresume.org schema 1.x) to and from Profile fields, and the profile as a download."""

import json

from django.http import HttpResponse

from jobly import audit, storage


def _date(value):
    return (value or "").strip()[:10]


def profile_fields_from_json_resume(document):
    """Map a JSON Resume document onto Profile field values (nothing invented)."""
    basics = document.get("basics") or {}
    location = basics.get("location") or {}
    links = [{"label": "Website", "url": basics["url"]}] if basics.get("url") else []
    links += [
        {"label": item.get("network") or "Profile", "url": item.get("url") or item.get("username") or ""}
        for item in basics.get("profiles") or []
        if item.get("url") or item.get("username")
    ]
    skills = []
    for group in document.get("skills") or []:
        names = [group.get("name")] if not group.get("keywords") else group.get("keywords")
        for name in names:
            if name:
                skills.append({"name": name, "normalized": "", "level": group.get("level") or "", "years": None})
    experience = [
        {
            "company": item.get("name") or item.get("company") or "",
            "title": item.get("position") or "",
            "location": item.get("location") or "",
            "start": _date(item.get("startDate")),
            "end": _date(item.get("endDate")),
            "current": not item.get("endDate"),
            "bullets": [*([item["summary"]] if item.get("summary") else []), *(item.get("highlights") or [])],
        }
        for item in document.get("work") or []
    ]
    education = [
        {
            "institution": item.get("institution") or "",
            "degree": item.get("studyType") or "",
            "field": item.get("area") or "",
            "start": _date(item.get("startDate")),
            "end": _date(item.get("endDate")),
        }
        for item in document.get("education") or []
    ]
    certifications = [
        {"name": item.get("name") or item.get("title") or "", "issuer": item.get("issuer") or item.get("awarder") or "", "date": _date(item.get("date"))}
        for item in (document.get("certificates") or []) + (document.get("awards") or [])
    ]
    languages = [{"language": item.get("language") or "", "fluency": item.get("fluency") or ""} for item in document.get("languages") or []]
    place = ", ".join(part for part in (location.get("city"), location.get("region"), location.get("countryCode")) if part)
    return {
        "full_name": basics.get("name") or "",
        "email": basics.get("email") or "",
        "phone": basics.get("phone") or "",
        "location": place,
        "links": links,
        "headline": basics.get("label") or "",
        "summary": basics.get("summary") or "",
        "skills": skills,
        "experience": experience,
        "education": education,
        "certifications": certifications,
        "languages": languages,
    }


def _without_empty_dates(items):
    """The schema's dates must be ISO partial dates: an unknown date is left out, not ""."""
    return [{key: value for key, value in item.items() if not (key in ("startDate", "endDate", "date") and not value)} for item in items]


def profile_to_json_resume(profile):
    """A JSON Resume document (valid against the schema) for a profile."""
    document = _profile_to_json_resume(profile)
    for section in ("work", "education", "certificates"):
        document[section] = _without_empty_dates(document[section])
    return document


def _profile_to_json_resume(profile):
    city, _, rest = (profile.location or "").partition(",")
    return {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": {
            "name": profile.full_name,
            "label": profile.headline,
            "email": profile.email,
            "phone": profile.phone,
            "summary": profile.summary,
            "location": {"city": city.strip(), "region": rest.strip()},
            "profiles": [{"network": link.get("label", ""), "url": link.get("url", "")} for link in profile.links],
        },
        "work": [
            {
                "name": item.get("company", ""),
                "position": item.get("title", ""),
                "location": item.get("location", ""),
                "startDate": item.get("start", ""),
                "endDate": "" if item.get("current") else item.get("end", ""),
                "highlights": item.get("bullets", []),
            }
            for item in profile.experience
        ],
        "education": [
            {
                "institution": item.get("institution", ""),
                "studyType": item.get("degree", ""),
                "area": item.get("field", ""),
                "startDate": item.get("start", ""),
                "endDate": item.get("end", ""),
            }
            for item in profile.education
        ],
        "skills": [{"name": skill.get("name", ""), "level": skill.get("level", "")} for skill in profile.skills],
        "certificates": [{"name": c.get("name", ""), "issuer": c.get("issuer", ""), "date": c.get("date", "")} for c in profile.certifications],
        "languages": [{"language": item.get("language", ""), "fluency": item.get("fluency", "")} for item in profile.languages],
    }


def json_resume_download(profile):
    """The profile as a `<name>.resume.json` attachment (the API and the page serve the same file)."""
    audit.record("profile.exported", actor=profile.owner, target=profile, detail={"format": "json_resume"})
    body = json.dumps(profile_to_json_resume(profile), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = storage.content_disposition(f"{profile.name or 'profile'}.resume.json")
    return response
