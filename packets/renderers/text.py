"""Markdown and plain-text renderings of a document (the same content, reading order and headings).

Markdown escapes what would change meaning (emphasis, links, HTML, code, headings or lists at a
line's start), so every user string is shown as typed in any CommonMark viewer.
"""

import re

_INLINE = re.compile(r"([\\`*_\[\]<>~|&])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+\-=])|(\d+)([.)]))")


def _escape_line_start(match):
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"  # "1\." (a backslash before a digit is literal)


def md(text):
    return _LINE_START.sub(_escape_line_start, _INLINE.sub(r"\\\1", text))


def _cv_lines(document, esc, heading, bullet):
    lines = [heading(1, esc(document.name.text))]
    if document.headline:
        lines.append(esc(document.headline.text))
    if document.contacts:
        lines.append(esc(document.contact_line()))
    titles = document.to_dict()["headings"]
    for key in document.sections():
        lines += ["", heading(2, esc(titles[key]))]
        if key == "summary":
            lines.append(esc(document.summary.text))
        elif key == "skills":
            lines.append(esc(", ".join(document.claimed_skills())))
        elif key in ("experience", "projects"):
            for role in getattr(document, key):
                title = " — ".join(part for part in (role.title, role.employer) if part)
                lines += ["", heading(3, esc(title))]
                meta = " · ".join(part for part in (role.dates, role.location) if part)
                if meta:
                    lines.append(esc(meta))
                lines += [bullet(esc(b.text)) for b in role.bullets]
        else:
            for entry in getattr(document, key):
                lines.append(bullet(esc(entry.text + (f" ({entry.detail})" if entry.detail else ""))))
    return lines


def _letter_lines(document, esc, heading):
    lines = [heading(1, esc(document.name.text))]
    if document.contacts:
        lines.append(esc(document.contact_line()))
    for part in (document.date, document.recipient.text if document.recipient else "", document.role.text if document.role else ""):
        if part:
            lines += ["", esc(part)]
    lines += ["", esc(document.salutation.text)]
    for paragraph in document.paragraphs:
        lines += ["", esc(paragraph.text)]
    lines += ["", esc(document.closing.text), "", esc(document.name.text)]
    return lines


def render_markdown_text(document):
    heading = lambda level, text: "#" * level + " " + text  # noqa: E731
    if document.kind == "letter":
        return "\n".join(_letter_lines(document, md, heading)) + "\n"
    return "\n".join(_cv_lines(document, md, heading, lambda text: f"- {text}")) + "\n"


def render_plain_text(document):
    def heading(level, text):
        return text.upper() if level == 2 else text

    if document.kind == "letter":
        return "\n".join(_letter_lines(document, str, heading)) + "\n"
    return "\n".join(_cv_lines(document, str, heading, lambda text: f"• {text}")) + "\n"
