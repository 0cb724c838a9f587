"""The document designs, read from designs/designs.json (templates are files beside it)."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from packets.renderers.errors import RenderError

DESIGNS_DIR = Path(__file__).resolve().parent / "designs"


@dataclass(frozen=True)
class Design:
    name: str
    kind: str  # cv | letter
    label: str
    max_pages: int
    typst: str
    latex: str
    docx_font: str
    accent: str

    def template(self, engine):
        return _read_template(getattr(self, engine))


@lru_cache(maxsize=None)
def _read_template(filename):
    return (DESIGNS_DIR / filename).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _catalogue():
    return json.loads((DESIGNS_DIR / "designs.json").read_text(encoding="utf-8"))


def designs(kind=None):
    """Every design (or those for one kind of document), by name."""
    found = {name: Design(name=name, **spec) for name, spec in _catalogue()["designs"].items()}
    return {name: design for name, design in found.items() if kind is None or design.kind == kind}


def design_for(document, name=None):
    """The named design for this document's kind, or the kind's default; RenderError if it does not fit."""
    name = name or _catalogue()["defaults"][document.kind]
    design = designs().get(name)
    if design is None or design.kind != document.kind:
        choices = ", ".join(sorted(designs(document.kind)))
        raise RenderError(f"There is no {document.kind} design {name!r}; choose one of {choices}.",
                          code="unknown_design", details={"design": name})
    return design
