"""The ATS self-check: read a produced PDF back as an applicant tracking system would, and say what it sees.

`check_pdf(pdf, document=, design=, allowed_skills=)` extracts the text with pypdf and checks that
the name, the contact details, the section headings and every claimed skill come out, in reading
order; that no skill outside `allowed_skills` (what the profile evidences) appears; and that the
page count is within the design's limit. A failed check is a result to show, never an exception.
"""

import io
import unicodedata
from dataclasses import asdict, dataclass, field


from jobly.skills import extract_skills

MAX_PAGES_READ = 10


@dataclass
class Check:
    name: str
    passed: bool
    detail: str = ""


@dataclass
class AtsReport:
    passed: bool
    pages: int
    max_pages: int
    checks: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # expected strings not found in order
    unexpected_skills: list = field(default_factory=list)
    text: str = ""

    def to_dict(self):
        data = asdict(self)
        data.pop("text")
        return data


def squeeze(text):
    """Text for comparison: compatibility forms, no case, no whitespace (PDF line breaks fall anywhere)."""
    return "".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def extract_text(pdf):
    from pypdf import PdfReader  # imported when a PDF is read: ~24 MiB no other process needs

    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    text = "\n".join((page.extract_text() or "") for page in reader.pages[:MAX_PAGES_READ])
    return text, pages


class _Reader:
    """Finds expected strings one after another in the squeezed text."""

    def __init__(self, text):
        self.text, self.position, self.missing = squeeze(text), 0, []

    def find(self, expected, *, until=None):
        needle = squeeze(expected)
        if not needle:
            return True
        end = until if until is not None else len(self.text)
        found = self.text.find(needle, self.position, end)
        if found < 0:
            self.missing.append(expected)
            return False
        self.position = found + len(needle)
        return True

    def next_position(self, expected):
        found = self.text.find(squeeze(expected), self.position)
        return found if found >= 0 else None


def _in_order(reader, label, items, *, until=None):
    found = [item for item in items if not reader.find(item, until=until)]
    return Check(label, not found, f"not found in reading order: {', '.join(found)}" if found else "")


def allowed_skills_for(candidate, *, posting=None):
    """Canonical skills a document may show: every skill the profile names anywhere, plus the skills a
    letter cannot avoid naming because the posting's company or role contains them ("Go Developer")."""
    texts = [candidate.profile_source().text, *(posting.facts() if posting is not None else [])]
    return sorted(set(candidate.skill_names()) | set(extract_skills("\n".join(texts))))


def check_pdf(pdf, *, document, design, allowed_skills):
    """An AtsReport for a rendered CV or letter. `allowed_skills`: canonical skills the profile evidences."""
    try:
        text, pages = extract_text(pdf)
    except Exception as error:
        check = Check("readable", False, f"pypdf could not read the PDF ({type(error).__name__})")
        return AtsReport(False, 0, design.max_pages, [check])
    reader = _Reader(text)
    checks = [Check("readable", bool(text.strip()), "" if text.strip() else "no text layer")]
    checks.append(_in_order(reader, "name", [document.name.text]))
    checks.append(_in_order(reader, "contact_line", [contact.text for contact in document.contacts]))
    if document.kind == "cv":
        headings = document.to_dict()["headings"]
        for key in document.sections():
            checks.append(_in_order(reader, f"heading:{key}", [headings[key]]))
            if key == "skills":
                following = [headings[k] for k in document.sections()[document.sections().index("skills") + 1:]]
                until = reader.next_position(following[0]) if following else None
                checks.append(_in_order(reader, "claimed_skills", document.claimed_skills(), until=until))
    else:
        checks.append(_in_order(reader, "addressed_to", [part.text for part in (document.recipient, document.role) if part]))
    allowed = set(allowed_skills)
    unexpected = [skill for skill in extract_skills(text) if skill not in allowed]
    checks.append(Check("no_unclaimed_skills", not unexpected,
                        f"skills the profile does not evidence: {', '.join(unexpected)}" if unexpected else ""))
    checks.append(Check("page_count", 0 < pages <= design.max_pages, f"{pages} pages; the design allows {design.max_pages}"))
    return AtsReport(all(c.passed for c in checks), pages, design.max_pages, checks, reader.missing, unexpected, text)
