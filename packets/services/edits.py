"""Edits of a packet's tailored text, and starting the re-render that makes the next version.

An edit is `{"summary": str, "bullets": {source id: str}, "letter_paragraphs": {index: str}}` (each part
optional). Every edited line keeps the source id it had; the guard reads each edit against that source,
and what an edit adds beyond the profile is a note on the version (the person may write it: it is their
CV, but the packet does not pass it off as the profile's).
"""

from dataclasses import replace

from django.db import transaction

from jobly import background
from packets.document import TEXT_LIMITS
from packets.errors import InvalidEdit, PacketNotFound, PacketNotReady
from packets.models import Packet

EDIT_KEYS = {"summary", "bullets", "letter_paragraphs"}


def _bullet_sources(cv):
    return {bullet["source"] for key in ("experience", "projects") for role in cv.get(key) or [] for bullet in role.get("bullets") or []}


def _text(value, limit, where):
    if not isinstance(value, str) or not value.strip():
        raise InvalidEdit(f"{where} must be non-empty text.", details={where: ["Write the text, or leave it out."]})
    if len(value) > TEXT_LIMITS[limit]:
        raise InvalidEdit(f"{where} is longer than {TEXT_LIMITS[limit]} characters.",
                          details={where: [f"At most {TEXT_LIMITS[limit]} characters."]})
    return value.strip()


def validate_edits(edits, *, version):
    """The edits, cleaned, when they fit `version` (the lines they name exist); InvalidEdit otherwise."""
    if not isinstance(edits, dict) or not edits or set(edits) - EDIT_KEYS:
        raise InvalidEdit(f"Edits are an object with any of {', '.join(sorted(EDIT_KEYS))}.",
                          details={"edits": [f"Use {', '.join(sorted(EDIT_KEYS))}."]})
    cleaned = {}
    if "summary" in edits:
        cleaned["summary"] = _text(edits["summary"], "summary", "summary")
    bullets = edits.get("bullets") or {}
    if not isinstance(bullets, dict):
        raise InvalidEdit("bullets maps a bullet's source id to its new text.", details={"bullets": ["An object."]})
    known = _bullet_sources(version.cv)
    unknown = sorted(set(bullets) - known)
    if unknown:
        raise InvalidEdit("Some edited bullets are not in this version.", details={"bullets": [f"Unknown: {', '.join(unknown[:5])}"]})
    if bullets:
        cleaned["bullets"] = {source: _text(text, "bullet", f"bullets[{source}]") for source, text in bullets.items()}
    paragraphs = edits.get("letter_paragraphs") or {}
    if not isinstance(paragraphs, dict):
        raise InvalidEdit("letter_paragraphs maps a paragraph's index to its new text.", details={"letter_paragraphs": ["An object."]})
    count = len((version.letter or {}).get("paragraphs") or [])
    if paragraphs:
        cleaned["letter_paragraphs"] = {}
        for index, text in paragraphs.items():
            if not str(index).isdigit() or int(index) >= count:
                raise InvalidEdit(f"The letter has paragraphs 0 to {count - 1}.", details={"letter_paragraphs": [f"No paragraph {index}."]})
            cleaned["letter_paragraphs"][str(int(index))] = _text(text, "paragraph", f"letter_paragraphs[{index}]")
    return cleaned


def start_rerender(*, user, packet_id, edits, design=None):
    """Validate the edits against the newest version and enqueue "packets.rerender"; (packet, job, created)."""
    from packets.services.generate import validate_choice

    packet = Packet.objects.for_user(user).filter(pk=packet_id).first()
    if packet is None:
        raise PacketNotFound()
    version = packet.latest_version()
    if version is None:
        raise PacketNotReady()
    if design:
        validate_choice(design=design, engine=packet.engine)
    cleaned = validate_edits(edits, version=version) if edits else {}
    if not cleaned and not design:
        raise InvalidEdit("Nothing to change: give edits, a design, or both.", details={"edits": ["Required."]})
    params = {"packet_id": packet.pk, "base_version": version.number, "edits": cleaned, "design": design or ""}
    with transaction.atomic():
        job, created = background.enqueue(user=user, type="packets.rerender", params=params, message="Queued: re-rendering")
        Packet.objects.filter(pk=packet.pk).update(background_job=job)
    return packet, job, created


def _note(what, verdict):
    return f"Your edit of {what} adds what the profile does not state ({'; '.join(verdict.reasons)}); kept as you wrote it."


def apply_edits(cv, letter, edits, *, candidate, posting, check):
    """(cv, letter, notes) with the edits applied; `check` is the provenance guard."""
    notes = []
    items = candidate.items()
    if "summary" in edits and cv.summary is not None:
        verdict = check(edits["summary"], sources=[candidate.profile_source()], allowed=posting.facts())
        notes += [] if verdict.accepted else [_note("the summary", verdict)]
        cv.summary = replace(cv.summary, text=edits["summary"])
    for role in (*cv.experience, *cv.projects):
        for index, bullet in enumerate(role.bullets):
            text = (edits.get("bullets") or {}).get(bullet.source)
            if text is None:
                continue
            source = items.get(bullet.source)
            if source is not None:
                verdict = check(text, sources=[source])
                notes += [] if verdict.accepted else [_note(bullet.source, verdict)]
            role.bullets[index] = replace(bullet, text=text, original=bullet.original or bullet.text)
    for index, text in (edits.get("letter_paragraphs") or {}).items():
        paragraph = letter.paragraphs[int(index)]
        cited = [items[s] if s != "/" else candidate.profile_source() for s in paragraph.sources if s in items or s == "/"]
        verdict = check(text, sources=cited or [candidate.profile_source()], allowed=posting.facts())
        notes += [] if verdict.accepted else [_note(f"letter paragraph {int(index) + 1}", verdict)]
        letter.paragraphs[int(index)] = replace(paragraph, text=text)
    return cv, letter, notes
