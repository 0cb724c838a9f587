"""Packet pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from packets.selectors import packets_for_user


@login_required
def packet_list(request):
    return render(request, "packets/list.html", {"packets": packets_for_user(request.user)})
