"""Profile reads, always starting from the owner."""

from jobly.models import Profile, ResumeUpload


def profiles_for(user):
    return Profile.objects.for_user(user).order_by("-is_default", "name", "id")


def profile_for(user, profile_id):
    """The user's profile, or None (another user's id looks the same as a missing one)."""
    return Profile.objects.for_user(user).filter(pk=profile_id).first()


def upload_for(user, profile, upload_id):
    return ResumeUpload.objects.for_user(user).filter(pk=upload_id, profile=profile).defer("content").first()


def recent_uploads(user, profile, limit=5):
    return ResumeUpload.objects.for_user(user).filter(profile=profile).defer("content")[:limit]


def earlier_identical_upload(upload):
    """The latest earlier upload of the same profile with the same bytes that was parsed, or None."""
    return (ResumeUpload.objects.filter(profile_id=upload.profile_id, sha256=upload.sha256, draft__isnull=False,
                                        created_at__lte=upload.created_at)
            .exclude(pk=upload.pk).defer("content").order_by("-created_at", "-id").first())
