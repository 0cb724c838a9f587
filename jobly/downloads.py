"""Owner-only downloads of stored files: the original file of a resume upload (page and API).

Another user's ids answer 404 exactly like missing ones. Packets reuse `jobly.storage.file_download`.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from jobly import audit, resume_files
from jobly.errors import NotFound
from jobly.models import ResumeUpload


def _owned_upload(user, profile_id, upload_id):
    return ResumeUpload.objects.for_user(user).filter(pk=upload_id, profile_id=profile_id).defer("content").first()


def _download(request, upload):
    response = resume_files.download(request, upload)
    audit.record("resume.downloaded", actor=request.user, target=upload, request=request)
    return response


@login_required
def resume_file_page(request, profile_id, upload_id):
    upload = _owned_upload(request.user, profile_id, upload_id)
    if upload is None or not upload.file:
        raise Http404("No such file.")
    return _download(request, upload)


class ResumeFileView(APIView):
    """The original file of one of your resume uploads, as uploaded (verified against its sha256)."""

    # The file goes out with its own type; a JSON Resume file is a JSON object (listed first: schema
    # checkers read the first media type's schema).
    @extend_schema(responses={
        (200, "application/json"): OpenApiTypes.OBJECT,
        **{(200, content_type.split(";")[0]): OpenApiTypes.BINARY
           for content_type in resume_files.CONTENT_TYPES.values() if content_type != "application/json"},
    })
    def get(self, request, profile_id, upload_id):
        upload = _owned_upload(request.user, profile_id, upload_id)
        if upload is None or not upload.file:
            raise NotFound("No such file.")
        return _download(request, upload)
