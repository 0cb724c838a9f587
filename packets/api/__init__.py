"""Packets' API: generate (202 + background job), list, detail, versions, re-render, file downloads.
The core joins `router` and `urlpatterns` into the one API root."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from packets.api.packets import PacketFileView, PacketVersionView, PacketViewSet

router = SimpleRouter(trailing_slash=False)
router.register("packets", PacketViewSet, basename="packet")

urlpatterns = [
    path("packets/<int:pk>/versions/<int:number>", PacketVersionView.as_view(), name="packet-version-detail"),
    path("packets/<int:pk>/versions/<int:number>/files/<str:document>.<str:fmt>", PacketFileView.as_view(),
         name="packet-file"),
]
