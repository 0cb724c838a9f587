"""Exports of an interview prep: Markdown of the whole prep, iCalendar of its study plan."""

from interviews.exports.ical import study_plan_to_ical
from interviews.exports.markdown import prep_to_markdown

__all__ = ["prep_to_markdown", "study_plan_to_ical"]
