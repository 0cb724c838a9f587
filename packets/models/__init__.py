"""Packets' models: the packet (one profile × one posting), its versions (each edit and re-render) and
the rendered files of each version."""

from packets.models.packets import Artifact, Packet, PacketVersion

__all__ = ["Artifact", "Packet", "PacketVersion"]
