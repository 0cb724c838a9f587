"""The weekly digest's sections, filled by apps (the core imports no app).

`register_digest_section(name, build, order=)` from an AppConfig.ready(); `build(user, since, until)`
returns {"title": str, "items": [{"text": str, "url": str (optional)}, ...]} or None when it has
nothing for that week. The digest shows sections in `order`, and is not sent when every one is empty.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DigestSection:
    name: str
    build: object
    order: int


SECTIONS = {}


def register_digest_section(name, build, *, order=50):
    SECTIONS[name] = DigestSection(name=name, build=build, order=order)
    return SECTIONS[name]


def build_sections(user, since, until):
    """The non-empty sections for the user's week, in order."""
    built = []
    for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.name)):
        content = section.build(user, since, until)
        if content and content.get("items"):
            built.append({"name": section.name, "title": content["title"], "items": list(content["items"])})
    return built
