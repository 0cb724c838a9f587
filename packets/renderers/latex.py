"""The LaTeX renderer (pdflatex from Debian's texlive): the same documents and designs as Typst.

User text reaches TeX only through `escape()`: every special character becomes a command that
prints it, control characters are gone (documents are normalised first), and characters the
T1/TS1 fonts cannot print are transliterated or replaced, with a note. The compile runs in a fresh
temporary directory with `-no-shell-escape`, `openin_any=p` / `openout_any=p` (no reads or writes
outside it by absolute or parent path), no font generation, CPU/memory/file-size limits (prlimit)
and a wall-clock time limit.
"""

import re
import shutil
import subprocess
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from packets.renderers.errors import RenderError, RenderTimeout

_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "~": r"\textasciitilde{}", "%": r"\%",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}",
    "'": r"\textquotesingle{}", "`": r"\textasciigrave{}", "-": "-{}", "[": "{[}", "]": "{]}",
    "\u00a0": "~",
}
PLACEHOLDER = "%%DOCUMENT%%"
MAX_OUTPUT_BYTES = 20 * 1024 * 1024


@lru_cache(maxsize=1)
def printable_characters():
    """Non-ASCII characters pdflatex can print with T1 + TS1 (what utf8 inputenc declares for them)."""
    found = set()
    for name in ("t1enc.dfu", "ts1enc.dfu"):
        try:
            path = subprocess.run(["kpsewhich", name], capture_output=True, text=True, timeout=10).stdout.strip()
            text = Path(path).read_text(encoding="latin-1") if path else ""
        except (OSError, subprocess.SubprocessError):
            text = ""
        found |= {chr(int(code, 16)) for code in re.findall(r"\\DeclareUnicodeCharacter\{([0-9A-Fa-f]{4,6})\}", text)}
    return frozenset(found)


def escape(text, notes=None):
    """`text` as LaTeX that prints exactly it (or its closest printable form, noted)."""
    printable = printable_characters()
    out = []
    replaced = False
    for char in text:
        if char in _SPECIALS:
            out.append(_SPECIALS[char])
        elif " " <= char <= "~":
            out.append(char)
        elif char in printable:
            out.append(char)
        elif char in "\n\t":
            out.append(" ")
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if " " <= c <= "~" or c in printable)
            out.append("".join(_SPECIALS.get(c, c) for c in base) if base else "?")
            replaced = True
    if replaced and notes is not None and "latex_characters" not in notes:
        notes.append("latex_characters")
    return "".join(out)


def _cv_body(document, esc):
    lines = [rf"\cvname{{{esc(document.name.text)}}}"]
    if document.headline:
        lines.append(rf"\cvheadline{{{esc(document.headline.text)}}}")
    if document.contacts:
        lines.append(rf"\cvcontacts{{{esc(document.contact_line())}}}")
    headings = document.to_dict()["headings"]
    for key in document.sections():
        lines.append(rf"\cvsection{{{esc(headings[key])}}}")
        if key == "summary":
            lines.append(esc(document.summary.text) + r"\par")
        elif key == "skills":
            lines.append(esc(", ".join(document.claimed_skills())) + r"\par")
        elif key in ("experience", "projects"):
            for role in getattr(document, key):
                lines.append(rf"\cvrole{{{esc(role.title)}}}{{{esc(role.employer)}}}{{{esc(role.location)}}}{{{esc(role.dates)}}}")
                if role.bullets:
                    lines.append(r"\begin{cvbullets}")
                    lines += [rf"\item {esc(bullet.text)}" for bullet in role.bullets]
                    lines.append(r"\end{cvbullets}")
        elif key == "languages":
            lines.append(esc("; ".join(entry.text for entry in document.languages)) + r"\par")
        else:
            lines += [rf"\cventry{{{esc(entry.text)}}}{{{esc(entry.detail)}}}" for entry in getattr(document, key)]
    return "\n".join(lines)


def _letter_body(document, esc):
    lines = [rf"\lettername{{{esc(document.name.text)}}}", rf"\lettercontacts{{{esc(document.contact_line())}}}"]
    lines.append(rf"\letterhead{{{esc(document.date)}}}{{{esc(document.recipient.text if document.recipient else '')}}}"
                 rf"{{{esc(document.role.text if document.role else '')}}}")
    lines.append(rf"\lettersalutation{{{esc(document.salutation.text)}}}")
    lines += [esc(paragraph.text) + r"\par" for paragraph in document.paragraphs]
    lines.append(rf"\letterclosing{{{esc(document.closing.text)}}}{{{esc(document.name.text)}}}")
    return "\n".join(lines)


def latex_source(document, template):
    """The complete .tex file for a normalised document and a design's template; (source, notes)."""
    notes = []
    body = (_cv_body if document.kind == "cv" else _letter_body)(document, lambda text: escape(text, notes))
    if PLACEHOLDER not in template:
        raise RenderError("The LaTeX design has no document placeholder.")
    return template.replace(PLACEHOLDER, body), notes


def available():
    return bool(settings.LATEX_COMMAND) and shutil.which(settings.LATEX_COMMAND) is not None


def _first_error(log):
    for line in log.splitlines():
        if line.startswith("!") or ":" in line and " error" in line.lower():
            return line.strip()[:300]
    return "no error message"


def compile_latex(source):
    """PDF bytes for a .tex source, compiled under the limits above."""
    if not available():
        raise RenderError(f"LaTeX ({settings.LATEX_COMMAND or 'none'}) is not installed.", code="renderer_unavailable")
    timeout = settings.RENDER_TIMEOUT_SECONDS
    memory = settings.RENDER_MEMORY_MB * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="jobly-latex-") as root:
        Path(root, "main.tex").write_text(source, encoding="utf-8")
        env = {
            "PATH": "/usr/bin:/bin", "HOME": root, "LANG": "C.UTF-8", "TEXMFOUTPUT": root, "TEXMFVAR": f"{root}/.texmf-var",
            "openin_any": "p", "openout_any": "p", "shell_escape": "f",
            "MKTEXPK": "0", "MKTEXTFM": "0", "MKTEXMF": "0", "MKTEXTEX": "0", "max_print_line": "1000",
        }
        command = [settings.LATEX_COMMAND, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
                   "-output-directory", root, "main.tex"]
        if shutil.which("prlimit"):
            limits = [f"--as={memory}", f"--cpu={int(timeout) + 1}", f"--fsize={MAX_OUTPUT_BYTES}", "--nofile=256", "--core=0"]
            command = ["prlimit", *limits, "--", *command]
        try:
            result = subprocess.run(command, cwd=root, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                    timeout=timeout, start_new_session=True)
        except subprocess.TimeoutExpired:
            raise RenderTimeout(f"Rendering took longer than {timeout:g} s.", details={"engine": "latex"}) from None
        pdf = Path(root, "main.pdf")
        if result.returncode != 0 or not pdf.exists():
            log = Path(root, "main.log").read_text(encoding="utf-8", errors="replace") if Path(root, "main.log").exists() else ""
            if result.returncode in (-9, 137, 152) or "CPU time limit" in result.stderr.decode(errors="replace"):
                raise RenderTimeout("Rendering used more CPU time than allowed.", details={"engine": "latex"})
            raise RenderError(f"LaTeX could not compile the document: {_first_error(log)}", details={"engine": "latex"})
        return pdf.read_bytes()
