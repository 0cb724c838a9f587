"""Owner-only downloads of a packet's files (page and API): streamed, verified against the sha256, named
per RFC 6266, and each download of a document (not the preview image) recorded in the audit log."""

from jobly import audit
from jobly.storage import file_download
from packets.models import Artifact
from packets.selectors import download_name


def download(request, artifact):
    response = file_download(request, name=artifact.file.name, sha256=artifact.sha256, size=artifact.size,
                             filename=download_name(artifact, packet=artifact.version.packet),
                             content_type=artifact.content_type)
    if artifact.format != Artifact.Format.PNG:
        audit.record("packet.downloaded", actor=request.user, target=artifact.version.packet, request=request,
                     detail={"version": artifact.version.number, "document": artifact.document, "format": artifact.format})
    return response
