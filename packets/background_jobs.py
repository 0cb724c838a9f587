"""Packets' background job types: "packets.generate" and "packets.rerender" (render queue; thin: they call services)."""

from jobly.background import job_handler
from jobly.errors import PermanentError


def _id(value, name):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise PermanentError(f"{name} must be an id.", code="invalid_params")
    return value


@job_handler("packets.generate", queue="render",
             description="Tailors, writes, renders and checks a CV and cover letter for one match, and stores them.")
def generate(ctx, *, packet_id):
    from packets.services import generate as service

    version = service.run_generation(packet_id=_id(packet_id, "packet_id"), reporter=ctx.progress,
                                     check_cancelled=ctx.check_cancelled)
    return {"packet_id": packet_id, "version": version.number, "ats_passed": version.ats_passed}


@job_handler("packets.rerender", queue="render", description="Makes the next version of a packet from your edits.")
def rerender(ctx, *, packet_id, base_version, edits, design=""):
    from packets.services import generate as service

    if not isinstance(edits, dict):
        raise PermanentError("edits must be an object.", code="invalid_params")
    version = service.run_rerender(packet_id=_id(packet_id, "packet_id"), base_version=_id(base_version, "base_version"),
                                   edits=edits, design=design or None, reporter=ctx.progress,
                                   check_cancelled=ctx.check_cancelled)
    return {"packet_id": packet_id, "version": version.number, "ats_passed": version.ats_passed}
