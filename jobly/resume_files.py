"""The original file of a resume upload: stored on upload, read verified by the import job,
downloaded by its owner, and deleted with its row (retention, profile or account deletion)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from jobly import storage
from jobly.models import ResumeUpload

STORAGE_PREFIX = "resumes"
CONTENT_TYPES = {
    ResumeUpload.Kind.PDF: "application/pdf",
    ResumeUpload.Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ResumeUpload.Kind.MARKDOWN: "text/markdown; charset=utf-8",
    ResumeUpload.Kind.TEXT: "text/plain; charset=utf-8",
    ResumeUpload.Kind.JSON_RESUME: "application/json",
}


def store(*, owner, filename, data):
    """Save the bytes under the owner's prefix; returns the storage name."""
    name, _, _ = storage.save_bytes(prefix=f"{STORAGE_PREFIX}/{owner.pk}", filename=filename, data=data)
    return name


def upload_bytes(upload):
    """The upload's bytes, verified against its sha256 (older uploads kept them in the row)."""
    if upload.file:
        return storage.read_verified(upload.file.name, sha256=upload.sha256, size=upload.size)
    return bytes(upload.content)


def download(request, upload):
    """The original file as an attachment named as the person uploaded it (the caller checked ownership)."""
    if not upload.file:
        raise storage.StoredFileMissing("This upload was stored before original files were kept.")
    return storage.file_download(
        request, name=upload.file.name, sha256=upload.sha256, size=upload.size,
        filename=upload.filename or f"resume-{upload.pk}", content_type=CONTENT_TYPES.get(upload.kind, "application/octet-stream"),
    )


@receiver(post_delete, sender=ResumeUpload, dispatch_uid="jobly.resume_files.delete_file")
def _delete_file_after_commit(sender, instance, **kwargs):
    """Storage is not transactional: the file goes once the row's deletion has committed (cascades
    from a profile or an account included). Retention deletes files itself first, so it can retry."""
    if instance.file:
        name = instance.file.name
        transaction.on_commit(lambda: storage.delete_quietly(name))
