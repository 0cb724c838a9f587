"""The header of a resume: name, e-mail, phone, links, location and headline."""

import re

from jobly.profiles.resume.dates import DATE_RE
from jobly.profiles.resume.skills import is_place
from jobly.profiles.resume.text import (
    EMAIL_RE, LOCATION_RE, PHONE_RE, URL_RE, clean, has_word, heading_section, unspace_letters,
)
from jobly.skills import normalize_skill


HONORIFIC_RE = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof|er|shri|smt)\.?\s+", re.IGNORECASE)
NAME_LABEL_RE = re.compile(r"^(?:full\s+)?name\s*[:\-]\s*", re.IGNORECASE)
DOCUMENT_TITLES = frozenset({"curriculum vitae", "resume", "résumé", "bio data", "biodata", "cover letter"})
NAME_WORD_RE = re.compile(r"[A-Z][A-Za-z'\-]*\.?|[A-Z]\.?|[a-z]{1,3}")  # "de", "van", "bin" may stand between


def name_candidate(line):
    """The line as a person's name ("Mr Peter Fernando" → "Peter Fernando"), or "" when it is not one:
    2–4 capitalised words, no digits, not a heading, degree, school, job title, employer, place or skill."""
    line = HONORIFIC_RE.sub("", NAME_LABEL_RE.sub("", unspace_letters(clean(line))))
    if EMAIL_RE.search(line) or re.search(r"[\d@:|/()]", line) or heading_section(line) or len(line) > 50:
        return ""
    words = line.split()
    if line.lower() in DOCUMENT_TITLES or not 2 <= len(words) <= 4 or not words[0][:1].isupper() or not words[-1][:1].isupper():
        return ""
    if not all(NAME_WORD_RE.fullmatch(word) or word.isupper() for word in words):
        return ""
    kinds = ("title_words", "degree_words", "institution_words", "organisation_words")
    if any(has_word(line, kind) for kind in kinds) or is_place(line) or normalize_skill(line):
        return ""
    return line


def looks_like_name(line):
    return bool(name_candidate(line))


def name_candidates(line):
    """Names a header line may hold: the whole line, or (when a title or place follows on the same
    line, as single-line exports write "Ada Lovelace Senior Engineer  London") its first 2–4 words."""
    whole = name_candidate(line)
    if whole:
        return [whole]
    words = HONORIFIC_RE.sub("", clean(line)).split()
    found = []
    for size in (2, 3, 4):
        rest = " ".join(words[size:])
        if len(words) > size and (has_word(" ".join(words[size:size + 3]), "title_words") or words[size][:1].islower()
                                  or is_place(rest.split(" - ")[0].split("  ")[0])):
            if name := name_candidate(" ".join(words[:size])):
                found.append(name)
    return found


def _best_name(candidates, identity):
    """The first name-like line (for one line, its shortest reading), unless another is the one the
    e-mail address or a profile URL is made of ("ada.lovelace@", "linkedin.com/in/ada-lovelace")."""
    if not candidates:
        return None
    if identity:
        def overlap(name):
            return sum(1 for word in name.lower().split() if len(word) > 1 and word.strip(".") in identity)
        best = max(candidates, key=lambda item: overlap(item[1]))
        if overlap(best[1]) > overlap(candidates[0][1]):
            return best
    return candidates[0]


def _identity_text(email, text):
    slugs = re.findall(r"(?:linkedin\.com/in|github\.com|indeed\.com/r)/([\w\-]+)", text, re.IGNORECASE)
    return re.sub(r"[^a-z]", "", " ".join([email.split("@")[0], *slugs]).lower())


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
    names = [(index, name) for index, line in candidates for name in name_candidates(line)]
    if chosen := _best_name(names, _identity_text(contact["email"], text)):
        contact["full_name"] = chosen[1]
        used.add(chosen[0])
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
