"""The education section: degrees and institutions with their dates."""

import re

from jobly.profiles.resume.dates import find_date_range, find_single_date
from jobly.profiles.resume.skills import is_place
from jobly.profiles.resume.text import BULLET_RE, clean, has_word


def parse_education(lines):
    entries, unplaced = [], []
    for raw in lines:
        line = clean(BULLET_RE.sub("", raw))
        if not line:
            continue
        dates = find_date_range(line)
        single = None if dates else find_single_date(line)
        text = line
        if dates:
            text = clean(line[: dates.span[0]] + " " + line[dates.span[1]:])
        elif single:
            text = clean(line[: single[1][0]] + " " + line[single[1][1]:])
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
                institution, _, place = re.split(r"\s+[—–]\s+", text)[0].partition(" - ")
                entry["institution"] = institution if not place or is_place(place) else f"{institution} - {place}"
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
