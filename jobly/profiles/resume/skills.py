"""The list sections: skills (known ones normalised), spoken languages and certifications."""

import re

from jobly.profiles.resume.dates import DATE_RE, find_single_date
from jobly.profiles.resume.text import BULLET_RE, EXPERIENCE_YEARS_RE, clean, has_word
from jobly.skills import extract_skills, get_skill, normalize_skill


def _years_from(text):
    match = EXPERIENCE_YEARS_RE.search(text)
    if not match:
        return text, None
    value = match.group(1)
    years = 0.5 if value.lower().startswith("less") else round(int(value) / 12, 1)
    return text[: match.start()], years


def _is_prose(line):
    words = len(line.split())
    return words >= 8 and line.count(",") < words / 3


def parse_skill_lines(lines):
    """Skills listed in a skills section: known ones normalised, unknown short items kept as written.

    Returns (skills, prose lines that were only scanned for known skills).
    """
    skills, prose = [], []
    for raw in lines:
        line = BULLET_RE.sub("", raw.strip())
        line, years = _years_from(line)
        if ":" in line and len(line.split(":", 1)[0].split()) <= 5:
            line = line.split(":", 1)[1]
        if _is_prose(line):
            prose.append(raw.strip())
            skills.extend({"name": name, "normalized": name, "level": "", "years": None} for name in extract_skills(line))
            continue
        for item in re.split(r"[,;|•●▪\t]|\s{2,}|�\?�|‚\?¢|\band\b|\(|\)", line):
            item = item.strip(" .-*:/")
            if not item or len(item) > 60:
                continue
            canonical = normalize_skill(item)
            if canonical:
                skills.append({"name": item, "normalized": canonical, "level": "", "years": years})
            elif found := extract_skills(item):
                skills.extend({"name": name, "normalized": name, "level": "", "years": years} for name in found)
            elif _looks_like_skill_item(item):
                skills.append({"name": item, "normalized": "", "level": "", "years": years})
            else:
                prose.append(item)
    return skills, prose


def _looks_like_skill_item(item):
    """An unknown item kept as a skill only when it reads like one: short, capitalised, no
    numbers, not a degree, school or place (two-column PDFs mix sections)."""
    return (
        len(item.split()) <= 4 and item[0].isupper() and not re.search(r"\d|%", item)
        and not has_word(item, "degree_words") and not has_word(item, "institution_words")
    )


def merge_skills(*groups):
    merged, seen = [], {}
    for group in groups:
        for skill in group:
            key = (skill["normalized"] or skill["name"]).lower()
            if key in seen:
                if skill.get("years") and not merged[seen[key]].get("years"):
                    merged[seen[key]]["years"] = skill["years"]
                continue
            seen[key] = len(merged)
            merged.append(skill)
    return merged


def parse_languages(lines):
    """Spoken languages; a "Languages" list of programming languages goes back to skills."""
    languages, skills, unplaced = [], [], []
    for raw in lines:
        for item in re.split(r"[,;|]", BULLET_RE.sub("", raw)):
            item = clean(item)
            if not item:
                continue
            first = item.split()[0].strip("():-")
            skill = get_skill(first)
            if skill and skill.category == "spoken_language":
                languages.append({"language": skill.name, "fluency": clean(item[len(first):]).strip("()-: ")})
            elif found := extract_skills(item):
                skills.extend({"name": name, "normalized": name, "level": "", "years": None} for name in found)
            else:
                unplaced.append(item)
    return languages, skills, unplaced


def parse_certifications(lines):
    certifications = []
    for raw in lines:
        line = clean(BULLET_RE.sub("", raw))
        if not line:
            continue
        single = find_single_date(line)
        if single and certifications and clean(DATE_RE.sub("", line)) == "":
            certifications[-1]["date"] = single[0]
            continue
        certifications.append({"name": line, "issuer": "", "date": single[0] if single else ""})
    return certifications
