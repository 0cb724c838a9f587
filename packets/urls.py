"""Packet pages: the list, one packet, its preview image and downloads (namespace "packets")."""

from django.urls import path

from packets import views

app_name = "packets"

urlpatterns = [
    path("", views.packet_list, name="list"),
]
