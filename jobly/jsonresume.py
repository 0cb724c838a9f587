"""JSON Resume (jsonresume.org schema 1.x) to and from Profile fields, and the profile as a download.

Every section of the schema that a Profile keeps goes both ways: basics, work (with its url),
education (url, score, courses), skills (with their group name and level), certificates, languages,
projects, volunteer, publications, awards, interests and references.
"""

import json

from django.http import HttpResponse

from jobly import audit, storage


def _date(value):
    return (value or "").strip()[:10]


def _text(item, key):
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


def _strings(item, key):
    return [value for value in item.get(key) or [] if isinstance(value, str) and value.strip()]


def _items(document, key):
    return [item for item in document.get(key) or [] if isinstance(item, dict)]


def _links(basics):
    """basics.url as the website, and basics.profiles; a profile without a url keeps its username as a
    username (never as a URL: "ada" is not an address)."""
    links = [{"label": "Website", "url": basics["url"], "username": ""}] if _text(basics, "url") else []
    for item in _items(basics, "profiles"):
        url, username = _text(item, "url"), _text(item, "username")
        if url or username:
            links.append({"label": _text(item, "network") or "Profile", "url": url, "username": username})
    return links


def _skills(document):
    skills = []
    for group in _items(document, "skills"):
        level, group_name = _text(group, "level"), _text(group, "name")
        keywords = _strings(group, "keywords")
        if not keywords:  # a skill written as a group without keywords is the skill itself
            if group_name:
                skills.append({"name": group_name, "normalized": "", "level": level, "years": None, "group": ""})
            continue
        for name in keywords:
            skills.append({"name": name.strip(), "normalized": "", "level": level, "years": None, "group": group_name})
    return skills


def profile_fields_from_json_resume(document):
    """Map a JSON Resume document onto Profile field values (nothing invented)."""
    basics = document.get("basics") or {}
    location = basics.get("location") or {}
    experience = [
        {
            "company": _text(item, "name") or _text(item, "company"),
            "title": _text(item, "position"),
            "location": _text(item, "location"),
            "url": _text(item, "url"),
            "start": _date(item.get("startDate")),
            "end": _date(item.get("endDate")),
            "current": not item.get("endDate"),
            "bullets": [*([item["summary"]] if _text(item, "summary") else []), *_strings(item, "highlights")],
        }
        for item in _items(document, "work")
    ]
    education = [
        {
            "institution": _text(item, "institution"),
            "degree": _text(item, "studyType"),
            "field": _text(item, "area"),
            "url": _text(item, "url"),
            "score": _text(item, "score"),
            "courses": _strings(item, "courses"),
            "start": _date(item.get("startDate")),
            "end": _date(item.get("endDate")),
        }
        for item in _items(document, "education")
    ]
    certifications = [
        {"name": _text(item, "name"), "issuer": _text(item, "issuer"), "date": _date(item.get("date"))}
        for item in _items(document, "certificates")
    ]
    projects = [
        {
            "name": _text(item, "name"), "description": _text(item, "description"), "url": _text(item, "url"),
            "start": _date(item.get("startDate")), "end": _date(item.get("endDate")),
            "highlights": _strings(item, "highlights"), "keywords": _strings(item, "keywords"),
            "roles": _strings(item, "roles"), "entity": _text(item, "entity"), "type": _text(item, "type"),
        }
        for item in _items(document, "projects")
    ]
    volunteer = [
        {
            "organization": _text(item, "organization"), "position": _text(item, "position"), "url": _text(item, "url"),
            "start": _date(item.get("startDate")), "end": _date(item.get("endDate")),
            "summary": _text(item, "summary"), "highlights": _strings(item, "highlights"),
        }
        for item in _items(document, "volunteer")
    ]
    publications = [
        {"name": _text(item, "name"), "publisher": _text(item, "publisher"), "date": _date(item.get("releaseDate")),
         "url": _text(item, "url"), "summary": _text(item, "summary")}
        for item in _items(document, "publications")
    ]
    awards = [
        {"title": _text(item, "title"), "awarder": _text(item, "awarder"), "date": _date(item.get("date")),
         "summary": _text(item, "summary")}
        for item in _items(document, "awards")
    ]
    place = ", ".join(part for part in (location.get("city"), location.get("region"), location.get("countryCode")) if part)
    return {
        "full_name": basics.get("name") or "",
        "email": basics.get("email") or "",
        "phone": basics.get("phone") or "",
        "location": place,
        "links": _links(basics),
        "headline": basics.get("label") or "",
        "summary": basics.get("summary") or "",
        "skills": _skills(document),
        "experience": experience,
        "education": education,
        "certifications": certifications,
        "languages": [{"language": _text(item, "language"), "fluency": _text(item, "fluency")} for item in _items(document, "languages")],
        "projects": projects,
        "volunteer": volunteer,
        "publications": publications,
        "awards": awards,
        "interests": [{"name": _text(item, "name"), "keywords": _strings(item, "keywords")} for item in _items(document, "interests")],
        "references": [{"name": _text(item, "name"), "reference": _text(item, "reference")} for item in _items(document, "references")],
    }


DATE_KEYS = ("startDate", "endDate", "date", "releaseDate")


def _without_empty(item):
    """The schema's dates must be ISO partial dates and its urls URIs: an unknown one is left out, not ""."""
    return {key: value for key, value in item.items() if not ((key in DATE_KEYS or key == "url") and not value)}


def profile_to_json_resume(profile):
    """A JSON Resume document (valid against the schema) for a profile."""
    document = _profile_to_json_resume(profile)
    for section, items in document.items():
        if isinstance(items, list):
            document[section] = [_without_empty(item) for item in items]
    document["basics"]["profiles"] = [_without_empty(item) for item in document["basics"]["profiles"]]
    return document


def _skill_groups(skills):
    """Skills back into the schema's groups: one entry per group name with its keywords, and one entry
    per skill without a group (as the parser and the editor store them)."""
    groups, result = {}, []
    for skill in skills:
        group = skill.get("group") or ""
        if not group:
            result.append({"name": skill.get("name", ""), "level": skill.get("level", ""), "keywords": []})
            continue
        key = (group, skill.get("level", ""))
        if key not in groups:
            groups[key] = {"name": group, "level": skill.get("level", ""), "keywords": []}
            result.append(groups[key])
        groups[key]["keywords"].append(skill.get("name", ""))
    return result


def _profile_to_json_resume(profile):
    city, _, rest = (profile.location or "").partition(",")
    links = list(profile.links)
    website = next((link for link in links if link.get("label") == "Website" and link.get("url")), None)
    return {
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": {
            "name": profile.full_name,
            "label": profile.headline,
            "email": profile.email,
            "phone": profile.phone,
            **({"url": website["url"]} if website else {}),
            "summary": profile.summary,
            "location": {"city": city.strip(), "region": rest.strip()},
            "profiles": [{"network": link.get("label", ""), "username": link.get("username", ""), "url": link.get("url", "")}
                         for link in links if link is not website],
        },
        "work": [
            {
                "name": item.get("company", ""),
                "position": item.get("title", ""),
                "location": item.get("location", ""),
                "url": item.get("url", ""),
                "startDate": item.get("start", ""),
                "endDate": "" if item.get("current") else item.get("end", ""),
                "highlights": item.get("bullets", []),
            }
            for item in profile.experience
        ],
        "education": [
            {
                "institution": item.get("institution", ""),
                "url": item.get("url", ""),
                "studyType": item.get("degree", ""),
                "area": item.get("field", ""),
                "score": item.get("score", ""),
                "courses": item.get("courses", []),
                "startDate": item.get("start", ""),
                "endDate": item.get("end", ""),
            }
            for item in profile.education
        ],
        "skills": _skill_groups(profile.skills),
        "certificates": [{"name": c.get("name", ""), "issuer": c.get("issuer", ""), "date": c.get("date", "")} for c in profile.certifications],
        "languages": [{"language": item.get("language", ""), "fluency": item.get("fluency", "")} for item in profile.languages],
        "projects": [
            {"name": item.get("name", ""), "description": item.get("description", ""), "url": item.get("url", ""),
             "startDate": item.get("start", ""), "endDate": item.get("end", ""), "highlights": item.get("highlights", []),
             "keywords": item.get("keywords", []), "roles": item.get("roles", []), "entity": item.get("entity", ""),
             "type": item.get("type", "")}
            for item in profile.projects
        ],
        "volunteer": [
            {"organization": item.get("organization", ""), "position": item.get("position", ""), "url": item.get("url", ""),
             "startDate": item.get("start", ""), "endDate": item.get("end", ""), "summary": item.get("summary", ""),
             "highlights": item.get("highlights", [])}
            for item in profile.volunteer
        ],
        "publications": [
            {"name": item.get("name", ""), "publisher": item.get("publisher", ""), "releaseDate": item.get("date", ""),
             "url": item.get("url", ""), "summary": item.get("summary", "")}
            for item in profile.publications
        ],
        "awards": [
            {"title": item.get("title", ""), "awarder": item.get("awarder", ""), "date": item.get("date", ""),
             "summary": item.get("summary", "")}
            for item in profile.awards
        ],
        "interests": [{"name": item.get("name", ""), "keywords": item.get("keywords", [])} for item in profile.interests],
        "references": [{"name": item.get("name", ""), "reference": item.get("reference", "")} for item in profile.references],
    }


def json_resume_download(profile):
    """The profile as a `<name>.resume.json` attachment (the API and the page serve the same file)."""
    audit.record("profile.exported", actor=profile.owner, target=profile, detail={"format": "json_resume"})
    body = json.dumps(profile_to_json_resume(profile), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = storage.content_disposition(f"{profile.name or 'profile'}.resume.json")
    return response
