"""The snapshot taken when an application moves to "applied": what was sent, frozen.

`packet_snapshot(application)` is the one place that knows about packets: it asks
`packets.selectors.sent_packet_summary` (the import declared in .importlinter) for the newest version
of the packet `application.packet_id` points at: its PDFs' sha256, size and names and the letter's text.
"""

from django.utils import timezone

from matching.models import Match
from packets.selectors import sent_packet_summary
from tracking.models import Snapshot


def packet_snapshot(application):
    """The packet sent with `application`, as stored in Snapshot.packet; {} when no packet is known.

    Shape: {"packet_id", "version", "design", "cv": {"sha256", "size", "name"},
    "cover_letter": {"sha256", "size", "name"}, "cover_letter_text"}.
    """
    if application.packet_id is None:
        return {}
    return sent_packet_summary(application.packet_id, owner_id=application.owner_id)


def take_snapshot(*, application, at=None):
    """Freeze the posting, the match and the packet for `application` (once; a second call returns the first)."""
    existing = Snapshot.objects.filter(application=application).first()
    if existing is not None:
        return existing
    job = application.job
    match = None
    if job is not None and application.profile_id is not None:
        match = Match.objects.filter(profile_id=application.profile_id, job=job).first()
    return Snapshot.objects.create(
        owner_id=application.owner_id,
        application=application,
        taken_at=at or timezone.now(),
        posting_id=job.pk if job else None,
        posting_title=(job.title if job else application.title)[:300],
        posting_company=(job.company if job else application.company)[:200],
        posting_url=(job.canonical_url if job and job.canonical_url else application.url)[:2000],
        posting_text=job.description_text if job else "",
        posting_html=job.description_html if job else "",
        posting_content_hash=job.content_hash if job else "",
        profile_id_at_snapshot=application.profile_id,
        profile_name=application.profile.name if application.profile_id else "",
        match_score=match.score if match else application.match_score,
        match_summary=match.summary if match else "",
        match_reasons=match.reasons if match else {},
        match_components=match.components if match else {},
        packet=packet_snapshot(application),
    )
