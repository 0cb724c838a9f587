"""The experience section: entries found where a date range stands, their header lines split into title,
company and location, then bullets; and the "company - / description -" layout of resumes.csv."""

import re

from jobly.profiles.resume.dates import DATE_RE, find_date_range
from jobly.profiles.resume.skills import is_place
from jobly.profiles.resume.text import BULLET_RE, DATASET_COMPANY_RE, HEADER_SPLIT_RE, clean, has_word


INLINE_LABEL_RE = re.compile(r"^[A-Z][\w /&.-]{1,30}:\s+\S")


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
            part = _unglue(clean(part))
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
    if places and not other_lines and not is_place(places[-1]):
        entry["company"] = places.pop()  # "Data Engineer, Contoso Systems": after the comma is the employer
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
    after_dates = False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        dates = find_date_range(line)
        # "Jan 2020 – Present" then "Berlin, Germany": the place of the entry just dated.
        if not dates and after_dates and not pending and entries and not entries[-1]["location"] and is_place(line):
            entries[-1]["location"] = clean(line)
            after_dates = False
            continue
        after_dates = bool(dates)
        if dates:
            remainder = clean(line[: dates.span[0]] + " " + line[dates.span[1]:])
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
            text = clean(BULLET_RE.sub("", line))
            unplaced += take_pending(0)[1]
            if entries:
                entries[-1]["bullets"].append(text)
            else:
                unplaced.append(text)
            previous_bullet = True
            continue
        if entries and not pending and INLINE_LABEL_RE.match(line):
            entries[-1]["bullets"].append(clean(line))  # "Tools: JCL, DB2" describes the job above
            previous_bullet = True
            continue
        if _is_continuation(line, previous_bullet) and entries and entries[-1]["bullets"]:
            entries[-1]["bullets"][-1] += " " + clean(line)
            continue
        if pending and re.match(r"^[a-z]", line) and not pending[-1].endswith((".", ":")) and len(pending[-1]) > 60:
            pending[-1] += " " + clean(line)  # a wrapped line of the sentence above
            continue
        pending.append(clean(line))
        previous_bullet = False
    unplaced += take_pending(0)[1]
    _assign_deferred_headers(entries)
    return entries, unplaced


def _is_deferred_title(line):
    return _is_header_like(line) and has_word(line, "title_words") and not BULLET_RE.match(line) and len(line.split()) <= 8


def _assign_deferred_headers(entries):
    """Layouts that print a column of dates (and places) first and the jobs after it leave a run of
    entries without title or company, with every job's lines under the last one. Give the run, in
    order, the title line, the company line after it and the lines up to the next title."""
    run = []
    for entry in entries:
        run = run + [entry] if not entry["title"] and not entry["company"] else []
    if len(run) < 2 or run[-1] is not entries[-1]:
        return
    groups, lines = [], run[-1]["bullets"]
    for line in lines:
        if _is_deferred_title(line) and (not groups or len(groups[-1]) > 1):
            groups.append([line])
        elif groups:
            groups[-1].append(line)
    if len(groups) < 2:
        return
    lead = lines[: lines.index(groups[0][0])]
    run[-1]["bullets"] = []
    for entry, group in zip(run, groups, strict=False):
        entry["title"] = clean(group[0])
        rest = group[1:]
        if rest and _is_header_like(rest[0]) and not _is_deferred_title(rest[0]):
            entry["company"] = clean(rest.pop(0))
        entry["bullets"] = rest
    run[0]["bullets"] = lead + run[0]["bullets"]
    for group in groups[len(run):]:
        run[-1]["bullets"].extend(group)


def _parse_company_description(lines):
    """resumes.csv's layout: "company - X" then "description - Y" and free lines."""
    entries, unplaced = [], []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if match := re.match(r"^company\s*-\s*(.*)$", line, re.IGNORECASE):
            entries.append({"title": "", "company": clean(match.group(1)), "location": "", "start": "", "end": "", "current": False, "bullets": []})
            continue
        if match := re.match(r"^description\s*-\s*(.*)$", line, re.IGNORECASE):
            line = match.group(1).strip()
            if entries and not entries[-1]["title"] and line and len(line.split()) <= 6 and has_word(line, "title_words"):
                entries[-1]["title"] = clean(line)
                continue
        if not line:
            continue
        # "Role: Developer", "Role-SAP HANA Developer", "Designation – Analyst".
        labelled = re.match(r"^(role|position|designation|title|type)\s*(?::|\s*[-–]\s*)\s*(.+?)\.?$", line, re.IGNORECASE)
        if entries and labelled and not entries[-1]["title"] and len(labelled.group(2).split()) <= 6:
            if labelled.group(1).lower() != "type" or has_word(labelled.group(2), "title_words"):
                entries[-1]["title"] = clean(labelled.group(2))
                continue
        if entries:
            dates = find_date_range(line)
            if dates and not entries[-1]["start"]:
                entries[-1].update(start=dates.start, end=dates.end, current=dates.current)
            entries[-1]["bullets"].append(clean(BULLET_RE.sub("", line)))
        else:
            unplaced.append(line)
    return entries, unplaced
