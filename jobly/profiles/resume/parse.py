"""Resume text → a draft profile (contact, experience, education, skills, ...), never inventing.

Every line is either placed in a field or kept, under its heading, in `unplaced_text`. The text is
cut into sections (text.py) and each section goes to its parser: contact.py (the header),
experience.py, education.py, skills.py (skills, languages, certifications).
"""

from jobly.profiles.resume.contact import parse_contact
from jobly.profiles.resume.dates import RANGE_RE
from jobly.profiles.resume.education import parse_education
from jobly.profiles.resume.experience import parse_experience
from jobly.profiles.resume.skills import merge_skills, parse_certifications, parse_languages, parse_skill_lines
from jobly.profiles.resume.sections import normalise_text, split_sections
from jobly.profiles.resume.text import BULLET_RE, EMAIL_RE, PHONE_RE, clean, has_word
from jobly.skills import extract_skills, get_skill


def parse_resume_text(text):
    """A draft profile from resume text: placed fields plus everything unplaced, word for word."""
    text = normalise_text(text)
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    sections = split_sections(lines)
    header_lines = sections[0][2]
    contact, used_header = parse_contact(header_lines, text)
    draft = {**contact, "summary": "", "skills": [], "experience": [], "education": [], "certifications": [],
             "languages": []}
    unplaced = []
    header_left = _header_leftovers(header_lines, used_header)
    # Header lines before the first heading that hold dates are experience in some layouts.
    if any(RANGE_RE.search(line) for line in header_left):
        sections.insert(1, ["experience", "", header_left])
    elif header_left:
        unplaced.append("\n".join(header_left))
    section_skills, summaries = _place_sections(sections[1:], draft, unplaced)
    draft["summary"] = "\n\n".join(summary for summary in summaries if summary)
    _titles_from_title_company_lines(lines, draft["experience"])
    draft["skills"] = merge_skills(section_skills, _mentioned_skills(text))
    draft["unplaced_text"] = "\n\n".join(block for block in unplaced if block.strip())
    return draft


def _header_leftovers(header_lines, used):
    """Header lines the contact parser did not use, less the ones that only repeat an e-mail or phone."""
    left = [line for index, line in enumerate(header_lines) if index not in used]
    return [
        line for line in left
        if not (EMAIL_RE.search(line) or PHONE_RE.search(line)) or len(clean(EMAIL_RE.sub("", PHONE_RE.sub("", line)))) > 40
    ]


def _place_sections(sections, draft, unplaced):
    """Run each section's parser into `draft`; what a parser leaves goes to `unplaced` under its heading.

    Returns (skills found in skills and languages sections, summary paragraphs).
    """
    section_skills, summaries = [], []
    previous_empty = None
    for section, heading, body in sections:
        if not body:
            previous_empty = section
            continue
        # Two-column PDFs read "EDUCATION", "SKILLS" and then both columns' lines: an empty
        # education section claims the education-looking lines of the section after it.
        if previous_empty == "education" and section != "education":
            entries, body = parse_education(body)
            draft["education"].extend(entries)
        previous_empty = None
        left = []
        if section == "summary":
            summaries.append(" ".join(clean(BULLET_RE.sub("", line)) for line in body))
        elif section == "experience":
            entries, left = parse_experience(body)
            draft["experience"].extend(entries)
        elif section == "education":
            entries, left = parse_education(body)
            draft["education"].extend(entries)
        elif section == "skills":
            listed, left = parse_skill_lines(body)
            section_skills.extend(listed)
        elif section == "languages":
            languages, listed, left = parse_languages(body)
            draft["languages"].extend(languages)
            section_skills.extend(listed)
        elif section == "certifications":
            draft["certifications"].extend(parse_certifications(body))
        else:
            left = body
        if left:
            unplaced.append("\n".join([heading, *left]).strip())
    return section_skills, summaries


def _titles_from_title_company_lines(lines, experience):
    """A job found without a title takes it from a "Java Developer - Acme Ltd" line elsewhere in the
    resume that names its employer (exported profiles print such a line under the headline)."""
    untitled = {" ".join(entry["company"].lower().split()): entry for entry in experience
                if entry["company"] and not entry["title"]}
    if not untitled:
        return
    for line in lines:
        title, dash, company = clean(line).partition(" - ")
        entry = untitled.get(" ".join(company.lower().split())) if dash else None
        if entry and not entry["title"] and len(title.split()) <= 8 and has_word(title, "title_words"):
            entry["title"] = title.strip()


def _mentioned_skills(text):
    """Known skills named anywhere in the text (spoken languages are languages, not skills)."""
    mentioned = [{"name": name, "normalized": name, "level": "", "years": None} for name in extract_skills(text)]
    return [skill for skill in mentioned if get_skill(skill["name"]).category != "spoken_language"]
