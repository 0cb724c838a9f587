"""The writer section of the user's settings: which writer drafts their documents, and its health."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jobly.writers import writer_status
from jobly.writers.status import writer_settings_summary


@login_required
def writer_settings(request):
    status = writer_status(refresh=request.GET.get("refresh") == "1")
    return render(request, "jobly/writer_settings.html", {"status": status, "configured": writer_settings_summary()})
