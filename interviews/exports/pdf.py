"""The prep as a PDF: interviews/exports/prep.typ compiled by the packets renderer's sandboxed Typst
process (`compile_typst`: the prep passed as JSON in sys.inputs, an empty root, no packages or
network, a time limit). The one import into packets, declared in .importlinter."""

from pathlib import Path

from packets.renderers.typst_process import compile_typst

TEMPLATE = Path(__file__).resolve().parent / "prep.typ"


def prep_to_pdf(content, *, heading):
    """PDF bytes of a prep's content (Prep.to_dict() form)."""
    return compile_typst(TEMPLATE.read_text(encoding="utf-8"), {**content, "heading": heading})


__all__ = ["prep_to_pdf"]
