"""The DOCX rendering (python-docx): real Word headings and bullet lists, one column, no tables,
so applicant tracking systems and screen readers read it in order."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor


# Style ids of the default template: setting the id directly skips python-docx's look-up of a style by
# name, which scans every style of styles.xml and was most of a CV's rendering time.
_STYLE_IDS = {0: "Title", 1: "Heading1", 2: "Heading2", "bullet": "ListBullet"}


def _add(word, text, style=None):
    paragraph = word.add_paragraph(text)
    if style is not None:
        paragraph._p.get_or_add_pPr().style = _STYLE_IDS[style]
    return paragraph


def _style(document, font, accent):
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name = font
        style.font.color.rgb = RGBColor.from_string(accent)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.9)
        section.top_margin = section.bottom_margin = Cm(1.7)


def _heading(word, text, level):
    return _add(word, text, level)


def _cv(word, document, centred):
    title = _heading(word, document.name.text, level=0)
    if centred:
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in ([document.headline.text] if document.headline else []) + ([document.contact_line()] if document.contacts else []):
        paragraph = word.add_paragraph(line)
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    headings = document.to_dict()["headings"]
    for key in document.sections():
        _heading(word, headings[key], level=1)
        if key == "summary":
            word.add_paragraph(document.summary.text)
        elif key == "skills":
            word.add_paragraph(", ".join(document.claimed_skills()))
        elif key in ("experience", "projects"):
            for role in getattr(document, key):
                _heading(word, " — ".join(p for p in (role.title, role.employer) if p), level=2)
                meta = " · ".join(p for p in (role.dates, role.location) if p)
                if meta:
                    word.add_paragraph(meta).runs[0].italic = True
                for bullet in role.bullets:
                    _add(word, bullet.text, "bullet")
        else:
            for entry in getattr(document, key):
                word.add_paragraph(entry.text + (f" ({entry.detail})" if entry.detail else ""))


def _letter(word, document):
    _heading(word, document.name.text, level=0)
    if document.contacts:
        word.add_paragraph(document.contact_line())
    for part in (document.date, document.recipient.text if document.recipient else "", document.role.text if document.role else ""):
        if part:
            word.add_paragraph(part)
    word.add_paragraph(document.salutation.text)
    for paragraph in document.paragraphs:
        word.add_paragraph(paragraph.text)
    word.add_paragraph(document.closing.text)
    word.add_paragraph(document.name.text)


def render_docx_bytes(document, design):
    word = Document()
    _style(word, design.docx_font, design.accent)
    word.core_properties.author = document.name.text
    word.core_properties.title = f"{document.name.text} — {'CV' if document.kind == 'cv' else 'cover letter'}"
    if document.kind == "cv":
        _cv(word, document, centred=design.name == "classic")
    else:
        _letter(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
