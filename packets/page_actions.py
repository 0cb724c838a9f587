"""The "Generate packet" action on the match page (registered with jobly.page_actions in ready())."""

from packets.renderers import designs
from packets.selectors import packets_for_job


def packet_button(request, match):
    """A design choice and the button that starts generation, plus links to the packets already made."""
    if request is None or not request.user.is_authenticated:
        return None
    cv_designs = list(designs("cv").values())
    return {
        "template": "packets/_generate_button.html",
        "context": {"match": match, "designs": cv_designs, "packets": list(packets_for_job(request.user, match.job_id)[:5])},
    }
