"""Packet → PacketVersion → Artifact. A version never changes once stored: an edit makes the next one,
so every earlier version stays downloadable."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PacketQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)


class Packet(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        GENERATING = "generating", "Generating"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="packets")
    profile = models.ForeignKey("jobly.Profile", on_delete=models.CASCADE, related_name="packets")
    job = models.ForeignKey("matching.Job", on_delete=models.CASCADE, related_name="packets")
    match = models.ForeignKey("matching.Match", on_delete=models.SET_NULL, null=True, blank=True, related_name="packets")
    design = models.CharField(max_length=40, help_text="The CV design (packets/renderers/designs/designs.json).")
    engine = models.CharField(max_length=20, default="typst", help_text="The PDF renderer: typst or latex.")
    writer = models.CharField(max_length=200, blank=True, help_text="The writer that drafted the text (embedded, openai:<model>).")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.JSONField(default=dict, blank=True, help_text="{code, message} of the last failed generation.")
    background_job = models.ForeignKey("jobly.BackgroundJob", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PacketQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="packet_owner_updated"),
                   models.Index(fields=["owner", "job"], name="packet_owner_job")]

    def __str__(self):
        return f"Packet {self.pk} ({self.design}) for job {self.job_id}"

    def latest_version(self):
        return self.versions.order_by("-number").first()


class PacketVersion(models.Model):
    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    cv = models.JSONField(help_text="The CV document (packets.document.CvDocument.to_dict()).")
    letter = models.JSONField(help_text="The letter document (LetterDocument.to_dict()).")
    requirements = models.JSONField(default=list, blank=True,
                                    help_text="[{requirement, kind, evidence: [item ids], status}]")
    notes = models.JSONField(default=list, blank=True, help_text="Readable notes: rejections, left-out items, gaps.")
    ats = models.JSONField(default=dict, blank=True, help_text="{cv: AtsReport, letter: AtsReport, passed}.")
    edited = models.BooleanField(default=False, help_text="Made by an edit of the tailored text.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["packet", "number"]
        constraints = [models.UniqueConstraint(fields=["packet", "number"], name="uniq_packet_version_number")]

    def __str__(self):
        return f"Packet {self.packet_id} v{self.number}"

    @property
    def ats_passed(self):
        return bool(self.ats.get("passed"))


class ArtifactQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(version__packet__owner=user)


class Artifact(models.Model):
    class Document(models.TextChoices):
        CV = "cv", "CV"
        LETTER = "letter", "Cover letter"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        MD = "md", "Markdown"
        TXT = "txt", "Plain text"
        PNG = "png", "PNG preview"

    version = models.ForeignKey(PacketVersion, on_delete=models.CASCADE, related_name="artifacts")
    document = models.CharField(max_length=10, choices=Document.choices)
    format = models.CharField(max_length=10, choices=Format.choices)
    file = models.FileField(max_length=300, help_text="Saved through jobly.storage under an opaque name (local disk or S3).")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=120)
    pages = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ArtifactQuerySet.as_manager()

    class Meta:
        ordering = ["version", "document", "format"]
        constraints = [models.UniqueConstraint(fields=["version", "document", "format"], name="uniq_artifact_per_version")]

    def __str__(self):
        return f"{self.document}.{self.format} of {self.version}"
