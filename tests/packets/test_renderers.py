"""Rendered PDFs, read back with pypdf: the right content for both engines and every design."""

import pytest

from packets.ats import check_pdf, extract_text, squeeze
from packets.renderers import (
    RenderError,
    design_for,
    designs,
    render_docx,
    render_markdown,
    render_pdf,
    render_preview_png,
    render_text,
)
from tests.packets.engines import require

ENGINES = ["typst", "latex"]


def has(text, expected):
    return squeeze(expected) in squeeze(text)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("design", sorted(designs("cv")))
def test_cv_pdf_has_the_candidate_the_posting_and_only_skills_the_candidate_has(cv, posting, allowed_skills, engine, design):
    require(engine)
    rendered = render_pdf(cv, design=design, engine=engine)
    assert rendered.content.startswith(b"%PDF-") and rendered.content_type == "application/pdf"
    text, pages = extract_text(rendered.content)
    assert pages == rendered.pages and 1 <= pages <= 2
    for expected in ("Dr. Lena Vasquez", "lena.vasquez@example.com", "Northwind Analytics", "Senior Backend Engineer, Streaming",
                     "Confluent", "Staff Software Engineer", "Cut p99 produce latency 40% by reworking the replication fetch path"):
        assert has(text, expected), expected
    for skill in ("Apache Kafka", "Go", "Kubernetes", "Terraform"):  # wanted by the posting and in the profile
        assert has(text, skill)
    for skill in ("PostgreSQL", "Scala"):  # wanted by the posting, absent from the profile
        assert not has(text, skill)
    report = check_pdf(rendered.content, document=cv, design=design_for(cv, design), allowed_skills=allowed_skills)
    assert report.passed, [c for c in report.checks if not c.passed]


@pytest.mark.parametrize("engine", ENGINES)
def test_letter_pdf_is_one_page_naming_company_role_and_real_achievements(letter, candidate, allowed_skills, engine):
    require(engine)
    rendered = render_pdf(letter, engine=engine)
    text, pages = extract_text(rendered.content)
    assert pages == 1 and rendered.design == "letter"
    assert has(text, "Northwind Analytics") and has(text, "Application: Senior Backend Engineer, Streaming")
    for paragraph in letter.paragraphs:
        assert has(text, paragraph.text)
    assert has(text, "offloaded 80% of broker disk usage") and not has(text, "PostgreSQL")
    report = check_pdf(rendered.content, document=letter, design=design_for(letter), allowed_skills=allowed_skills)
    assert report.passed, [c for c in report.checks if not c.passed]


def test_same_document_gives_the_same_typst_pdf(cv):
    assert render_pdf(cv).content == render_pdf(cv).content


def test_png_preview_of_the_first_page(cv):
    rendered = render_preview_png(cv, design="modern")
    assert rendered.content.startswith(b"\x89PNG\r\n\x1a\n") and rendered.content_type == "image/png"


def test_docx_has_real_headings_bullets_and_the_text(cv):
    import io

    from docx import Document

    rendered = render_docx(cv, design="modern")
    word = Document(io.BytesIO(rendered.content))
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("Title", "Dr. Lena Vasquez") in paragraphs
    assert [text for style, text in paragraphs if style == "Heading 1"] == cv.headings()
    bullets = [text for style, text in paragraphs if style == "List Bullet"]
    assert bullets[:2] == [b.text for b in cv.experience[0].bullets[:2]]
    assert word.core_properties.author == "Dr. Lena Vasquez"


def test_markdown_and_text_carry_the_same_content(cv):
    markdown = render_markdown(cv).content.decode()
    plain = render_text(cv).content.decode()
    assert markdown.startswith("# Dr. Lena Vasquez\n") and "## Experience" in markdown and "EXPERIENCE" in plain
    assert "- Designed the tiered-storage architecture" in markdown and "• Designed the tiered-storage architecture" in plain


def test_markdown_escapes_what_would_change_meaning():
    from packets.renderers.text import md

    assert md("*not bold* _nor_ [a](link) <b>x</b> `c` a|b & ~~s~~") == (
        r"\*not bold\* \_nor\_ \[a\](link) \<b\>x\</b\> \`c\` a\|b \& \~\~s\~\~")
    assert md("# not a heading") == r"\# not a heading" and md("1. not a list") == r"1\. not a list"
    assert md("- dash") == r"\- dash" and md("C++ and 3.5") == "C++ and 3.5"


def test_unknown_design_or_engine_is_a_clear_error(cv, letter):
    with pytest.raises(RenderError) as raised:
        render_pdf(cv, design="letter")
    assert raised.value.code == "unknown_design"
    with pytest.raises(RenderError) as raised:
        render_pdf(letter, design="nope")
    assert raised.value.code == "unknown_design"
    with pytest.raises(RenderError) as raised:
        render_pdf(cv, engine="word")
    assert raised.value.code == "unknown_renderer"


@pytest.mark.parametrize("design", ["classic", "modern", "letter"])
def test_every_character_the_latex_escaper_lets_through_compiles(cv, letter, design):
    require("latex")
    from dataclasses import replace

    from packets.document import Paragraph
    from packets.renderers.latex import printable_characters

    sample = "".join(chr(c) for c in range(32, 127)) + "".join(sorted(printable_characters()))
    document = letter if design == "letter" else cv
    chunks = [sample[i:i + 300] for i in range(0, len(sample), 300)]
    document = replace(document, summary=Paragraph(" ".join(chunks), ("/",))) if document.kind == "cv" else \
        replace(document, paragraphs=[Paragraph(chunk, ()) for chunk in chunks[:6]])
    assert render_pdf(document, design=design, engine="latex").content.startswith(b"%PDF-")
