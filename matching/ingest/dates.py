"""Posting dates as feeds write them. UTC offsets run from -12:00 to +14:00 on Earth; a larger one
(`+2300`, `+99:99`) is a broken date, not a reason to shift the posting by up to four days, so the
date is dropped (the entry keeps no date) and the feed's parse warnings say how many."""

import re
from datetime import timedelta

MAX_UTC_OFFSET = timedelta(hours=14)
# A trailing numeric offset after a time: "... 12:00:00 +2300" (RFC 822) or "...T12:00:00+23:00" (ISO 8601).
_TRAILING_OFFSET = re.compile(r"(?<=[\d\s])([+-])(\d{2}):?(\d{2})\s*$")


_HARMLESS_ENDINGS = ("+0000", "+00:00", "-0000", "GMT", "UTC", "Z")


def has_impossible_offset(text):
    if not text or text.endswith(_HARMLESS_ENDINGS):  # most dates: checked without a regex search
        return False
    match = _TRAILING_OFFSET.search(text)
    if not match:
        return False
    hours, minutes = int(match.group(2)), int(match.group(3))
    return minutes >= 60 or timedelta(hours=hours, minutes=minutes) > MAX_UTC_OFFSET


def drop_impossible_dates(entries):
    """Clear `posted_at` of entries whose date text has an impossible offset; returns how many."""
    dropped = 0
    for entry in entries:
        if entry.posted_at is not None and has_impossible_offset(entry.posted_text):
            entry.posted_at = None
            dropped += 1
    return dropped
