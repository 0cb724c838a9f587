"""Renderers: a normalised CV or letter → PDF (Typst by default, or LaTeX), PNG preview, DOCX, Markdown, text.

    from packets.renderers import render_pdf, render_preview_png, render_docx, render_markdown, render_text
    rendered = render_pdf(cv_document, design="modern", engine="typst")   # -> Rendered
    rendered.content, rendered.content_type, rendered.pages, rendered.notes

Every function normalises the document first (clean text, bounded sizes; cuts are in `notes`).
Errors: RenderError (`render_error`, `unknown_design`, `renderer_unavailable`) and RenderTimeout
(`render_timeout`), both permanent (the same document would fail again).
"""

import io
from dataclasses import dataclass, field

from packets.renderers import latex
from packets.renderers.designs import Design, design_for, designs
from packets.renderers.errors import RenderError, RenderTimeout
from packets.renderers.text import render_markdown_text, render_plain_text
from packets.renderers.typst_process import compile_typst

ENGINES = ("typst", "latex")
LATEX_CHARACTERS_NOTE = "Some characters cannot be printed by the LaTeX renderer and were replaced; Typst prints them."


@dataclass
class Rendered:
    content: bytes
    content_type: str
    extension: str
    design: str = ""
    engine: str = ""
    pages: int | None = None
    notes: list = field(default_factory=list)


def available_engines():
    """The PDF engines this machine can run: Typst always, LaTeX when LATEX_COMMAND is installed."""
    return [engine for engine in ENGINES if engine == "typst" or latex.available()]


def _page_count(pdf):
    from pypdf import PdfReader  # here, not at import: pypdf and python-docx weigh ~40 MiB in every process

    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except Exception:
        return None


def render_pdf(document, *, design=None, engine="typst"):
    chosen = design_for(document, design)
    normal, notes = document.normalized()
    if engine == "typst":
        pdf = compile_typst(chosen.template("typst"), normal.to_dict())
    elif engine == "latex":
        source, escape_notes = latex.latex_source(normal, chosen.template("latex"))
        pdf = latex.compile_latex(source)
        notes += [LATEX_CHARACTERS_NOTE] if escape_notes else []
    else:
        raise RenderError(f"There is no renderer {engine!r}; choose one of {', '.join(ENGINES)}.", code="unknown_renderer")
    return Rendered(pdf, "application/pdf", "pdf", chosen.name, engine, _page_count(pdf), notes)


def render_preview_png(document, *, design=None, ppi=96):
    """The first page as PNG (Typst renders it directly)."""
    chosen = design_for(document, design)
    normal, notes = document.normalized()
    png = compile_typst(chosen.template("typst"), normal.to_dict(), fmt="png", ppi=ppi)
    return Rendered(png, "image/png", "png", chosen.name, "typst", 1, notes)


def render_docx(document, *, design=None):
    chosen = design_for(document, design)
    normal, notes = document.normalized()
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    from packets.renderers.docx import render_docx_bytes

    return Rendered(render_docx_bytes(normal, chosen), content_type, "docx", chosen.name, "docx", None, notes)


def render_markdown(document):
    normal, notes = document.normalized()
    return Rendered(render_markdown_text(normal).encode("utf-8"), "text/markdown; charset=utf-8", "md", "", "markdown", None, notes)


def render_text(document):
    normal, notes = document.normalized()
    return Rendered(render_plain_text(normal).encode("utf-8"), "text/plain; charset=utf-8", "txt", "", "text", None, notes)


__all__ = [
    "Design", "ENGINES", "RenderError", "RenderTimeout", "Rendered", "available_engines", "design_for", "designs",
    "render_docx", "render_markdown", "render_pdf", "render_preview_png", "render_text",
]
