"""Resume text → a draft profile (contact, experience, education, skills, ...), never inventing.

Every line is either placed in a field or kept, under its heading, in `unplaced_text`.
"""

import re
from functools import lru_cache
from pathlib import Path

import yaml

from jobly.profiles.resume.dates import DATE_RE, RANGE_RE, find_date_range, find_single_date
from jobly.skills import extract_skills, get_skill, normalize_skill

HERE = Path(__file__).resolve().parent

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<![\w])(\+?\d[\d\s().-]{8,18}\d)(?![\w])")
URL_RE = re.compile(r"(?:https?://|www\.)[^\s|,;]+|(?:linkedin\.com|github\.com)/[^\s|,;]+", re.IGNORECASE)
# Bullets as they arrive from real CVs, including mis-decoded ones ("‚?¢", "�?�", "â€¢").
BULLET_RE = re.compile(r"^\s*(?:[•●▪■◦○➢➤►✓✔\-–*·]|‚\?¢|�\?�|â€¢|\uf0b7|\uf0a7|\d{1,2}[.)])\s*")
EXPERIENCE_YEARS_RE = re.compile(r"\s*-?\s*Ex\w*rience\s*-\s*(Less than 1 year|\d+)\s*(?:months?)?\s*$", re.IGNORECASE)
# "Delhi, India", "Mumbai, IN", "Austin, Texas": a place written as it heads a CV.
LOCATION_RE = re.compile(r"^([A-Z][A-Za-z.'-]+(?: [A-Z][a-z.'-]+)?,\s*[A-Z][A-Za-z.'-]+)(?=\s|$)")
HEADER_SPLIT_RE = re.compile(r"\s+[—–|]\s+|\s+-\s+|\s+at\s+|\s*\|\s*|\s+@\s+|\s{3,}")


@lru_cache(maxsize=1)
def vocabularies():
    headings = yaml.safe_load((HERE / "headings.yaml").read_text(encoding="utf-8"))
    words = yaml.safe_load((HERE / "titles.yaml").read_text(encoding="utf-8"))
    heading_of = {phrase.lower(): section for section, phrases in headings.items() for phrase in phrases}
    return heading_of, {key: {w.lower() for w in values} for key, values in words.items()}


def _words(text):
    return re.findall(r"[a-z0-9'.+#-]+", text.lower())


def has_word(text, kind):
    words = vocabularies()[1][kind]
    lowered = text.lower()
    tokens = set(_words(text)) | {token.strip(".") for token in _words(text)}
    if tokens & words:
        return True
    # Glued words from PDF text ("MobileAppDeveloperIntern") still name a title.
    return kind == "title_words" and any(len(word) > 5 and word in lowered for word in words)


def heading_section(line):
    """(section, inline rest) when the line is a section heading, else None."""
    heading_of = vocabularies()[0]
    cleaned = line.strip().lstrip("#").strip()
    bare = re.sub(r"[\s:.\-–—_*]+$", "", cleaned).strip().lower()
    if bare in heading_of and len(bare) <= 40:
        return heading_of[bare], ""
    head, sep, rest = cleaned.partition(":")
    if sep and head.strip().lower() in heading_of and rest.strip():
        return heading_of[head.strip().lower()], rest.strip()
    return None


def normalise_text(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("&amp;", "&")
    text = text.replace("\f", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", " ", text)
    # resumes.csv glues headings to the previous line ("... 24 monthsCompany Details").
    text = re.sub(r"(?<=\S)(Company Details|Education Details|Skill Details)", r"\n\1", text)
    text = re.sub(r"(?<=[a-z])(Education Details)", r"\n\1", text)
    # ... and starts a line with its skills heading followed by inline bullets.
    text = re.sub(r"(?im)^((?:technical |key )?skills)\s+(?=\*|•|�\?�|‚\?¢)", r"\1\n", text)
    text = re.sub(r"[ \t]+\*[ \t]+(?=\S)", "\n* ", text)
    return text


DATASET_COMPANY_RE = re.compile(r"^\s*company\s*-", re.IGNORECASE)


def split_sections(lines):
    sections = [["header", "", []]]
    for line in lines:
        found = heading_section(line)
        current = sections[-1]
        # In resumes.csv's "company - / description -" layout, sub-headings such as "Project
        # Summary:" belong to the job description, not to a new section.
        if found and current[0] == "experience" and found[0] in ("projects", "summary", "other", "awards") and any(
            DATASET_COMPANY_RE.match(previous) for previous in current[2]
        ):
            found = None
        if found:
            section, rest = found
            sections.append([section, line.strip(), [rest] if rest else []])
        else:
            sections[-1][2].append(line)
    return sections


def _clean(line):
    return re.sub(r"\s+", " ", line).strip(" \t|,;")


# --- contact ---------------------------------------------------------------------------------


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
    candidates = [(index, _clean(line.split("|")[0])) for index, line in enumerate(header_lines[:8])]
    for index, line in candidates:
        if looks_like_name(line):
            contact["full_name"] = line
            used.add(index)
            break
    for index, line in enumerate(header_lines[:12]):
        if index in used:
            continue
        match = LOCATION_RE.match(_clean(line))
        if match and not has_word(match.group(1), "title_words") and not has_word(match.group(1), "organisation_words"):
            contact["location"] = re.sub(r",\s*", ", ", match.group(1))
            if _clean(line) == match.group(1):
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


# --- experience ------------------------------------------------------------------------------


def _header_parts(lines):
    return [part for _, part in _tagged_parts(lines)]


def _unglue(part):
    """Some PDF producers drop spaces: "MobileAppDeveloperIntern" → "Mobile App Developer Intern"."""
    def split_word(match):
        word = match.group(0)
        if len(word) < 15 or sum(1 for char in word if char.isupper()) < 3:
            return word
        word = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", word)
        return re.sub(r"\s*&\s*", " & ", word)
    return re.sub(r"[A-Za-z&]+", split_word, part)


def _tagged_parts(lines):
    parts = []
    for index, line in enumerate(lines):
        for part in HEADER_SPLIT_RE.split(line):
            part = _unglue(_clean(part))
            if part:
                parts.append((index, part))
    return parts


def _title_company(header_lines):
    """Title, company and location from an entry's header lines (no guessing past the words)."""
    parts = _tagged_parts(header_lines)
    entry = {"title": "", "company": "", "location": ""}
    if not parts:
        return entry
    titled = [i for i, (_, part) in enumerate(parts) if has_word(part, "title_words") and not has_word(part, "organisation_words")]
    titled = titled or [i for i, (_, part) in enumerate(parts) if has_word(part, "title_words")]
    title_at = titled[0] if titled else (0 if len(parts) > 1 and not has_word(parts[0][1], "organisation_words") else None)
    places = []
    title_line = None
    if title_at is not None:
        title_line, title = parts[title_at]
        title, comma, place = title.partition(", ")
        entry["title"] = title.strip()
        if comma and len(place) <= 40:
            places.append(place.strip())
    rest = [(i, line, part) for i, (line, part) in enumerate(parts) if i != title_at]
    other_lines = [item for item in rest if item[1] != title_line] or rest
    if other_lines:
        company_item = next((item for item in other_lines if has_word(item[2], "organisation_words")), other_lines[0])
        entry["company"] = company_item[2]
        company_line = company_item[1]
        leftovers = [part for i, line, part in rest if i != company_item[0] and line in (title_line, company_line)]
        places += [part for part in leftovers if len(part) <= 40]
    entry["location"] = ", ".join(places)
    return entry


def _new_entry(header_lines, dates):
    entry = _title_company(header_lines)
    entry.update({
        "start": dates.start if dates else "",
        "end": dates.end if dates else "",
        "current": bool(dates and dates.current),
        "bullets": [],
    })
    return entry


def _is_full_header(line):
    """One line that already names both a title and something else ("Acme — Developer")."""
    parts = _header_parts([line])
    return len(parts) >= 2 and any(has_word(part, "title_words") for part in parts)


def _is_header_like(line):
    return len(line) <= 90 and not line.rstrip().endswith((".", ":")) and len(line.split()) <= 12


def _is_continuation(line, previous_was_bullet):
    return previous_was_bullet and bool(re.match(r"^[a-z(]", line.strip()))


def parse_experience(lines):
    """Entries begin where a date range stands; the one or two lines before it are its header."""
    entries, pending, previous_bullet = [], [], False
    dataset_style = any(DATASET_COMPANY_RE.match(line) for line in lines)
    if dataset_style:
        return _parse_company_description(lines)

    def take_pending(keep):
        """The last `keep` pending lines (a header); earlier ones belong to the previous entry."""
        nonlocal pending
        cut = len(pending) - keep
        header, spill, pending = pending[cut:], pending[:cut], []
        if entries:
            entries[-1]["bullets"].extend(spill)
            return header, []
        return header, spill

    unplaced = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        dates = find_date_range(line)
        if dates:
            remainder = _clean(line[: dates.span[0]] + " " + line[dates.span[1]:])
            remainder = re.sub(r"^[/|,–—\-\s]+|[/|,–—\-\s]+$", "", remainder)
            wanted = 1 if remainder or (pending and _is_full_header(pending[-1])) else 2
            if wanted == 2 and len(pending) >= 2 and not _is_header_like(pending[-2]):
                wanted = 1
            header, spill = take_pending(min(wanted, len(pending)))
            unplaced += spill
            header += [remainder] if remainder else []
            entries.append(_new_entry(header, dates))
            previous_bullet = False
            continue
        if BULLET_RE.match(line) and not DATE_RE.fullmatch(line):
            text = _clean(BULLET_RE.sub("", line))
            unplaced += take_pending(0)[1]
            if entries:
                entries[-1]["bullets"].append(text)
            else:
                unplaced.append(text)
            previous_bullet = True
            continue
        if _is_continuation(line, previous_bullet) and entries and entries[-1]["bullets"]:
            entries[-1]["bullets"][-1] += " " + _clean(line)
            continue
        if pending and re.match(r"^[a-z]", line) and not pending[-1].endswith((".", ":")) and len(pending[-1]) > 60:
            pending[-1] += " " + _clean(line)  # a wrapped line of the sentence above
            continue
        pending.append(_clean(line))
        previous_bullet = False
    unplaced += take_pending(0)[1]
    return entries, unplaced


def _parse_company_description(lines):
    """resumes.csv's layout: "company - X" then "description - Y" and free lines."""
    entries, unplaced = [], []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if match := re.match(r"^company\s*-\s*(.*)$", line, re.IGNORECASE):
            entries.append({"title": "", "company": _clean(match.group(1)), "location": "", "start": "", "end": "", "current": False, "bullets": []})
            continue
        if match := re.match(r"^description\s*-\s*(.*)$", line, re.IGNORECASE):
            line = match.group(1).strip()
            if entries and not entries[-1]["title"] and line and len(line.split()) <= 6 and has_word(line, "title_words"):
                entries[-1]["title"] = _clean(line)
                continue
        if not line:
            continue
        labelled = re.match(r"^(role|position|designation|title|type)\s*:\s*(.+?)\.?$", line, re.IGNORECASE)
        if entries and labelled and not entries[-1]["title"] and len(labelled.group(2).split()) <= 6:
            if labelled.group(1).lower() != "type" or has_word(labelled.group(2), "title_words"):
                entries[-1]["title"] = _clean(labelled.group(2))
                continue
        if entries:
            dates = find_date_range(line)
            if dates and not entries[-1]["start"]:
                entries[-1].update(start=dates.start, end=dates.end, current=dates.current)
            entries[-1]["bullets"].append(_clean(BULLET_RE.sub("", line)))
        else:
            unplaced.append(line)
    return entries, unplaced


# --- education -------------------------------------------------------------------------------


def parse_education(lines):
    entries, unplaced = [], []
    for raw in lines:
        line = _clean(BULLET_RE.sub("", raw))
        if not line:
            continue
        dates = find_date_range(line)
        single = None if dates else find_single_date(line)
        text = line
        if dates:
            text = _clean(line[: dates.span[0]] + " " + line[dates.span[1]:])
        elif single:
            text = _clean(line[: single[1][0]] + " " + line[single[1][1]:])
        text = re.sub(r"^[/|,–—\-\s]+|[/|,–—\-\s]+$", "", text)
        is_degree = has_word(text, "degree_words")
        is_institution = has_word(text, "institution_words")
        starts_entry = (is_degree or is_institution) and (
            not entries
            or (is_degree and entries[-1]["degree"])
            or (is_institution and not is_degree and entries[-1]["institution"])
        )
        if starts_entry:
            entries.append({"institution": "", "degree": "", "field": "", "start": "", "end": ""})
        if not entries:
            if dates or single:
                entries.append({"institution": "", "degree": "", "field": "", "start": "", "end": ""})
            else:
                unplaced.append(line)
                continue
        entry = entries[-1]
        if text:
            if is_degree and not entry["degree"]:
                degree_part, institution_part = _split_degree_institution(text)
                entry["degree"] = degree_part
                if institution_part and not entry["institution"]:
                    entry["institution"] = institution_part
            elif is_institution and not entry["institution"]:
                entry["institution"] = re.split(r"\s+[—–]\s+", text)[0]
            elif not entry["institution"] and entry["degree"] and not (dates or single) and len(text.split()) <= 8:
                entry["institution"] = text
            elif not entry["field"] and len(text.split()) <= 6 and text not in (entry["degree"], entry["institution"]):
                entry["field"] = text
            elif text not in (entry["degree"], entry["institution"], entry["field"]):
                unplaced.append(line)
        if dates:
            entry["start"], entry["end"] = dates.start, dates.end
        elif single and not entry["end"]:
            entry["end"] = single[0]
    return entries, unplaced


def _split_degree_institution(text):
    """ "B.E in Civil Engineering Chennai, Tamil Nadu Anna University" → degree, institution."""
    for separator in (" — ", " – ", " | ", " at ", " from "):
        if separator in text:
            left, right = text.split(separator, 1)
            if has_word(right, "institution_words"):
                return left.strip(), right.strip()
            if has_word(left, "institution_words"):
                return right.strip(), left.strip()
    match = re.search(
        r"((?:[A-Z][\w.&'-]*\s+){0,6}(?i:university|college|institute|school|academy|polytechnic)(?:\s+(?i:of)(?:\s+[A-Za-z][\w.&'-]*)+)?)",
        text,
    )
    if match and match.start() > 0:
        return text[: match.start()].strip(" ,"), match.group(1).strip()
    return text, ""


# --- skills, languages, certifications -------------------------------------------------------


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
            item = _clean(item)
            if not item:
                continue
            first = item.split()[0].strip("():-")
            skill = get_skill(first)
            if skill and skill.category == "spoken_language":
                languages.append({"language": skill.name, "fluency": _clean(item[len(first):]).strip("()-: ")})
            elif found := extract_skills(item):
                skills.extend({"name": name, "normalized": name, "level": "", "years": None} for name in found)
            else:
                unplaced.append(item)
    return languages, skills, unplaced


def parse_certifications(lines):
    certifications = []
    for raw in lines:
        line = _clean(BULLET_RE.sub("", raw))
        if not line:
            continue
        single = find_single_date(line)
        if single and certifications and _clean(DATE_RE.sub("", line)) == "":
            certifications[-1]["date"] = single[0]
            continue
        certifications.append({"name": line, "issuer": "", "date": single[0] if single else ""})
    return certifications


# --- the whole resume ------------------------------------------------------------------------


def parse_resume_text(text):
    """A draft profile from resume text: placed fields plus everything unplaced, word for word."""
    text = normalise_text(text)
    lines = [line.rstrip() for line in text.split("\n")]
    lines = [line for line in lines if line.strip()]
    sections = split_sections(lines)
    header_lines = sections[0][2]
    contact, used_header = parse_contact(header_lines, text)

    draft = {
        **contact,
        "summary": "",
        "skills": [],
        "experience": [],
        "education": [],
        "certifications": [],
        "languages": [],
    }
    unplaced = []
    header_left = [line for index, line in enumerate(header_lines) if index not in used_header]
    header_left = [
        line for line in header_left
        if not (EMAIL_RE.search(line) or PHONE_RE.search(line)) or len(_clean(EMAIL_RE.sub("", PHONE_RE.sub("", line)))) > 40
    ]
    section_skills = []
    summaries = []
    # Header lines before the first heading that hold dates are experience in some layouts.
    if any(RANGE_RE.search(line) for line in header_left):
        sections.insert(1, ["experience", "", header_left])
        header_left = []
    if header_left:
        unplaced.append("\n".join(header_left))
    previous_empty = None
    for section, heading, body in sections[1:]:
        if not body:
            previous_empty = section
            continue
        # Two-column PDFs read "EDUCATION", "SKILLS" and then both columns' lines: an empty
        # education section claims the education-looking lines of the section after it.
        if previous_empty == "education" and section != "education":
            entries, body = parse_education(body)
            draft["education"].extend(entries)
        previous_empty = None
        if section == "summary":
            summaries.append(" ".join(_clean(BULLET_RE.sub("", line)) for line in body))
        elif section == "experience":
            entries, left = parse_experience(body)
            draft["experience"].extend(entries)
            if left:
                unplaced.append("\n".join([heading, *left]).strip())
        elif section == "education":
            entries, left = parse_education(body)
            draft["education"].extend(entries)
            if left:
                unplaced.append("\n".join([heading, *left]).strip())
        elif section == "skills":
            listed, prose = parse_skill_lines(body)
            section_skills.extend(listed)
            if prose:
                unplaced.append("\n".join([heading, *prose]).strip())
        elif section == "languages":
            languages, listed, left = parse_languages(body)
            draft["languages"].extend(languages)
            section_skills.extend(listed)
            if left:
                unplaced.append("\n".join([heading, *left]).strip())
        elif section == "certifications":
            draft["certifications"].extend(parse_certifications(body))
        else:
            unplaced.append("\n".join([heading, *body]).strip())
    draft["summary"] = "\n\n".join(summary for summary in summaries if summary)
    mentioned = [{"name": name, "normalized": name, "level": "", "years": None} for name in extract_skills(text)]
    mentioned = [skill for skill in mentioned if get_skill(skill["name"]).category != "spoken_language"]
    draft["skills"] = merge_skills(section_skills, mentioned)
    draft["unplaced_text"] = "\n\n".join(block for block in unplaced if block.strip())
    return draft
