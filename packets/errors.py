"""Packets' error codes (the API maps them to the standard error body; background jobs record the same)."""

from jobly.errors import Conflict, InvalidInput, NotFound


class PacketNotFound(NotFound):
    code = "packet_not_found"
    default_message = "Packet not found."


class MatchNotFound(NotFound):
    code = "match_not_found"
    default_message = "Match not found."


class ArtifactNotFound(NotFound):
    code = "artifact_not_found"
    default_message = "No such file in this packet."


class UnknownDesign(InvalidInput):
    code = "unknown_design"


class UnknownEngine(InvalidInput):
    code = "unknown_renderer"


class InvalidEdit(InvalidInput):
    code = "invalid_edit"


class PacketNotReady(Conflict):
    code = "packet_not_ready"
    default_message = "The packet has no finished version to edit yet."
