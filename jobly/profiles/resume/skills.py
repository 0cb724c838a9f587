"""The list sections: skills (known ones normalised), spoken languages and certifications."""

import re
from functools import lru_cache

import yaml

from jobly.profiles.resume.dates import DATE_RE, RANGE_RE, find_single_date
from jobly.profiles.resume.text import BULLET_RE, EXPERIENCE_YEARS_RE, HERE, LOCATION_RE, clean, has_word
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
        if is_place(line) or RANGE_RE.search(line) or DATE_RE.fullmatch(line.strip(" .,")):
            prose.append(raw.strip())  # the other column's place or dates, not skills
            continue
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


# Words a noun phrase naming a skill neither starts nor ends with ("and", "of", "using" ...).
FUNCTION_WORDS = frozenset("a an and as at by for from in into of on or the to using via with within".split())


@lru_cache(maxsize=1)
def _places():
    data = yaml.safe_load((HERE / "places.yaml").read_text(encoding="utf-8"))
    names = {name.lower() for kind in ("countries", "regions", "cities") for name in data[kind]}
    return frozenset(names), frozenset(data["abbreviations"])


def is_place(text):
    """A country, region, city or postal abbreviation, or a "City, Region" pair."""
    names, abbreviations = _places()
    text = text.strip(" .,;")
    if text.lower() in names or text in abbreviations:
        return True
    parts = [part.strip() for part in text.split(",")]
    return len(parts) in (2, 3) and all(part.lower() in names or part in abbreviations for part in parts[1:]) \
        and bool(LOCATION_RE.match(text))


def _looks_like_skill_item(item):
    """An unknown item is kept as a skill only when it reads like a short noun phrase: one to four
    capitalised words, no numbers, no one-letter fragments ("JC L" from a broken line), not an
    unknown two-letter code, not a place, degree, school or job title (two-column PDFs mix sections)."""
    words = item.split()
    if not 1 <= len(words) <= 4 or len(item) > 40 or not item[0].isupper() or re.search(r"\d|%|@|/\s*$", item):
        return False
    if len(words) > 1 and any(len(word.strip(".&'")) <= 1 for word in words):
        return False
    if len(words) == 1 and len(item.strip(".")) <= 2:
        return False
    if words[0].lower() in FUNCTION_WORDS or words[-1].lower() in FUNCTION_WORDS:
        return False
    return not (is_place(item) or any(has_word(item, kind) for kind in ("degree_words", "institution_words", "title_words")))


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
