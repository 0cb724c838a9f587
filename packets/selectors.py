"""Reads of packets, owner-scoped: lists, details with versions and artifacts, and what tracking snapshots."""

from django.db.models import Prefetch

from packets.models import Artifact, Packet, PacketVersion


def packets_for_user(user, *, job_id=None, status=""):
    queryset = Packet.objects.for_user(user).select_related("job", "profile")
    if job_id is not None:
        queryset = queryset.filter(job_id=job_id)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def packets_for_job(user, job_id):
    return packets_for_user(user, job_id=job_id)


def packet_detail_for_user(user, packet_id):
    """One packet with its versions (newest first) and each version's artifacts; None when not the user's."""
    versions = PacketVersion.objects.order_by("-number").prefetch_related(
        Prefetch("artifacts", queryset=Artifact.objects.order_by("document", "format")))
    return (Packet.objects.for_user(user).select_related("job", "profile", "match", "background_job")
            .prefetch_related(Prefetch("versions", queryset=versions)).filter(pk=packet_id).first())


def version_for_user(user, packet_id, number):
    return (PacketVersion.objects.filter(packet__owner=user, packet_id=packet_id, number=number)
            .select_related("packet").prefetch_related("artifacts").first())


def artifact_for_user(user, packet_id, number, document, fmt):
    return (Artifact.objects.for_user(user).select_related("version__packet__job")
            .filter(version__packet_id=packet_id, version__number=number, document=document, format=fmt).first())


def packet_belongs_to(packet_id, *, owner_id):
    return Packet.objects.filter(pk=packet_id, owner_id=owner_id).exists()


def sent_packet_summary(packet_id, *, owner_id):
    """What tracking freezes when an application is applied with this packet: the newest version's CV and
    letter PDFs (sha256, size, file name) and the letter's text; {} when the packet or version is gone."""
    packet = Packet.objects.filter(pk=packet_id, owner_id=owner_id).select_related("job").first()
    version = packet.latest_version() if packet is not None else None
    if version is None:
        return {}
    pdfs = {artifact.document: artifact for artifact in version.artifacts.filter(format=Artifact.Format.PDF)}

    def file(document):
        artifact = pdfs.get(document)
        if artifact is None:
            return {}
        return {"sha256": artifact.sha256, "size": artifact.size, "name": download_name(artifact, packet=packet)}

    letter_text = "\n\n".join(p.get("text", "") for p in (version.letter or {}).get("paragraphs") or [])
    return {"packet_id": packet.pk, "version": version.number, "design": packet.design, "cv": file("cv"),
            "cover_letter": file("letter"), "cover_letter_text": letter_text}


def download_name(artifact, *, packet):
    """The file name a download gets: "<name> — CV — <company>.pdf" (RFC 6266 encodes what is not ASCII)."""
    what = "CV" if artifact.document == Artifact.Document.CV else "Cover letter"
    person = ((artifact.version.cv or {}).get("name") or {}).get("text") or "Packet"
    company = packet.job.company if packet.job_id else ""
    parts = [part for part in (person, what, company) if part]
    suffix = f" v{artifact.version.number}" if artifact.version.number > 1 else ""
    return " — ".join(parts)[:150] + suffix + f".{artifact.format}"
