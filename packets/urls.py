"""Packet pages (namespace "packets"), mounted under /packets/."""

from django.urls import path

from packets import views

app_name = "packets"

urlpatterns = [
    path("", views.packet_list, name="list"),
    path("generate", views.generate_packet, name="generate"),
    path("<int:packet_id>/", views.packet_detail, name="detail"),
    path("<int:packet_id>/rerender", views.rerender, name="rerender"),
    path("<int:packet_id>/versions/<int:number>/files/<str:document>.<str:fmt>", views.packet_file, name="file"),
]
