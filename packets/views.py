"""Packet pages: the list, one packet (live progress while it is made, then the preview, requirements table,
ATS check, downloads and the edit form), starting one from the match page, re-rendering, and downloads.
Thin: forms validate, selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jobly.errors import DomainError, NotFound
from packets import selectors
from packets.downloads import download
from packets.forms import GenerateForm, RerenderForm, design_choices
from packets.models import Artifact, Packet
from packets.services import edits as edit_services, generate

PER_PAGE = 25
FORMATS = [("pdf", "PDF"), ("docx", "DOCX"), ("md", "Markdown")]


@login_required
def packet_list(request):
    page = Paginator(selectors.packets_for_user(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "packets/list.html", {"page": page})


@login_required
@require_POST
def generate_packet(request):
    """The match page's "Generate packet" button."""
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a design for the packet.")
        return redirect(request.META.get("HTTP_REFERER") or "packets:list")
    try:
        packet, _job, created = generate.start_generation(user=request.user, match_id=form.cleaned_data["match"],
                                                          design=form.cleaned_data["design"])
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("matching:match-detail", match_id=form.cleaned_data["match"])
    if not created:
        messages.info(request, "This packet is already being made.")
    return redirect("packets:detail", packet_id=packet.pk)


def _version_shown(packet, number):
    versions = list(packet.versions.all())
    if number is None:
        return versions[0] if versions else None
    return next((v for v in versions if v.number == number), None)


@login_required
def packet_detail(request, packet_id):
    packet = selectors.packet_detail_for_user(request.user, packet_id)
    if packet is None:
        raise Http404
    number = request.GET.get("version")
    version = _version_shown(packet, int(number) if number and number.isdigit() else None)
    if number and version is None:
        raise Http404
    files = {(a.document, a.format): a for a in version.artifacts.all()} if version else {}
    job = packet.background_job
    return render(request, "packets/detail.html", {
        "packet": packet, "version": version, "versions": list(packet.versions.all()),
        "latest": version is not None and version.number == max(v.number for v in packet.versions.all()),
        "downloads": [(document, label, [(fmt, name, files.get((document, fmt))) for fmt, name in FORMATS])
                      for document, label in Artifact.Document.choices],
        "preview": files.get(("cv", "png")), "letter_preview": files.get(("letter", "png")),
        "active_job": job if job is not None and job.status in ("queued", "running") else None,
        "designs": design_choices(),
    })


@login_required
@require_POST
def rerender(request, packet_id):
    packet = Packet.objects.for_user(request.user).filter(pk=packet_id).first()
    if packet is None:
        raise Http404
    form = RerenderForm(request.POST)
    version = packet.latest_version()
    if not form.is_valid() or version is None:
        messages.error(request, "This packet cannot be edited yet.")
        return redirect("packets:detail", packet_id=packet.pk)
    design = form.cleaned_data["design"] if form.cleaned_data["design"] != packet.design else None
    try:
        edit_services.start_rerender(user=request.user, packet_id=packet.pk, design=design,
                                     edits=form.edits(request.POST, version=version))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Re-rendering: the new version appears here when it is ready.")
    return redirect("packets:detail", packet_id=packet.pk)


@login_required
def packet_file(request, packet_id, number, document, fmt):
    artifact = selectors.artifact_for_user(request.user, packet_id, number, document, fmt)
    if artifact is None:
        raise Http404
    return download(request, artifact)
