"""The header of a resume: name, e-mail, phone, links, location and headline."""

import re

from jobly.profiles.resume.dates import DATE_RE
from jobly.profiles.resume.text import EMAIL_RE, LOCATION_RE, PHONE_RE, URL_RE, clean, has_word, heading_section


def looks_like_name(line):
    if EMAIL_RE.search(line) or re.search(r"\d", line) or heading_section(line):
        return False
    words = line.split()
    if not 2 <= len(words) <= 4 or len(line) > 50:
        return False
    return all(re.fullmatch(r"[A-Z][A-Za-z'.\-]*|[A-Z]\.?", word) or word.isupper() for word in words)


def parse_contact(header_lines, text):
    contact = {"full_name": "", "email": "", "phone": "", "location": "", "links": [], "headline": ""}
    if match := EMAIL_RE.search(text):
        contact["email"] = match.group(0)
    for match in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if 10 <= len(digits) <= 15 and not DATE_RE.fullmatch(match.group(1).strip()):
            contact["phone"] = match.group(1).strip()
            break
    seen = set()
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(".)")
        if url.lower() not in seen:
            seen.add(url.lower())
            label = "LinkedIn" if "linkedin" in url.lower() else "GitHub" if "github" in url.lower() else "Website"
            contact["links"].append({"label": label, "url": url if "://" in url else f"https://{url}"})
    used = set()
    candidates = [(index, clean(line.split("|")[0])) for index, line in enumerate(header_lines[:8])]
    for index, line in candidates:
        if looks_like_name(line):
            contact["full_name"] = line
            used.add(index)
            break
    for index, line in enumerate(header_lines[:12]):
        if index in used:
            continue
        match = LOCATION_RE.match(clean(line))
        if match and not has_word(match.group(1), "title_words") and not has_word(match.group(1), "organisation_words"):
            contact["location"] = re.sub(r",\s*", ", ", match.group(1))
            if clean(line) == match.group(1):
                used.add(index)
            break
    if contact["full_name"]:
        for index, line in candidates:
            if index in used or not line or index < min(used):
                continue
            if EMAIL_RE.search(line) or PHONE_RE.search(line) or URL_RE.search(line):
                continue
            if len(line) <= 80 and not line.endswith("."):
                contact["headline"] = line
                used.add(index)
            break
    return contact, used
