"""The application pipeline as data: statuses, the allowed moves, and what each move means for the funnel.

`tracking.services.pipeline.change_status` is the one function that moves an application; it reads
these tables and nothing else decides what is allowed.
"""

SAVED = "saved"
APPLIED = "applied"
SCREENING = "screening"
INTERVIEWING = "interviewing"
OFFER = "offer"
ACCEPTED = "accepted"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
GHOSTED = "ghosted"

STATUS_CHOICES = [
    (SAVED, "Saved"),
    (APPLIED, "Applied"),
    (SCREENING, "Screening"),
    (INTERVIEWING, "Interviewing"),
    (OFFER, "Offer"),
    (ACCEPTED, "Accepted"),
    (REJECTED, "Rejected"),
    (WITHDRAWN, "Withdrawn"),
    (GHOSTED, "Ghosted"),
]
LABELS = dict(STATUS_CHOICES)

# Forward only along the pipeline (stages may be skipped: an offer straight after applying happens);
# rejected, withdrawn and accepted are final. A ghosted application comes back to life when the
# employer answers after all, so it may move on to any answered stage.
TRANSITIONS = {
    SAVED: {APPLIED, WITHDRAWN},
    APPLIED: {SCREENING, INTERVIEWING, OFFER, REJECTED, WITHDRAWN, GHOSTED},
    SCREENING: {INTERVIEWING, OFFER, REJECTED, WITHDRAWN, GHOSTED},
    INTERVIEWING: {OFFER, REJECTED, WITHDRAWN, GHOSTED},
    OFFER: {ACCEPTED, REJECTED, WITHDRAWN},
    GHOSTED: {SCREENING, INTERVIEWING, OFFER, REJECTED, WITHDRAWN},
    ACCEPTED: set(),
    REJECTED: set(),
    WITHDRAWN: set(),
}
FINAL = {ACCEPTED, REJECTED, WITHDRAWN}
# Statuses that mean the employer answered (the first one sets first_response_at).
RESPONSES = {SCREENING, INTERVIEWING, OFFER, ACCEPTED, REJECTED}
# Open applications that are waiting on the employer (reminders and ghosting look at these).
AWAITING = {APPLIED, SCREENING, INTERVIEWING}
# The board's columns, left to right; the closed ones share the last columns.
BOARD_COLUMNS = [SAVED, APPLIED, SCREENING, INTERVIEWING, OFFER, ACCEPTED, REJECTED, WITHDRAWN, GHOSTED]
# The funnel's stages and the date field that says a stage was reached (later stages imply earlier ones).
FUNNEL = [
    ("applied", "Applied", "applied_at"),
    ("responded", "Got a response", "first_response_at"),
    ("interviewing", "Interviewed", "reached_interview_at"),
    ("offer", "Offer", "reached_offer_at"),
    ("accepted", "Accepted", "accepted_at"),
]


def allowed_moves(status):
    return sorted(TRANSITIONS.get(status, set()), key=BOARD_COLUMNS.index)


def can_move(current, target):
    return target in TRANSITIONS.get(current, set())
