"""A whole interview prep as one Markdown document (CommonMark), from Prep.to_dict() output.

Text from the posting and the profile is escaped, so a bullet such as "<script>" or
"# Heading" stays literal text when the Markdown is rendered to HTML or PDF.
"""

import re

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")  # "&amp;" in user text must not turn into "&" when rendered
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)]|=+|>)(?=\s|$)")


def escape(text):
    """Markdown-escape user text: inline markup characters and line-start block markers."""
    text = " ".join(str(text or "").split())
    text = _INLINE_SPECIAL.sub(r"\\\1", _ENTITY_LIKE.sub("&amp;", text))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def bank_text(text):
    """Escape bank text like user text, but keep its `code spans` (Markdown shows them literally)."""
    parts = re.split(r"(`[^`\n]+`)", str(text or ""))
    return "".join(part if index % 2 else escape(part) for index, part in enumerate(parts))


def _technical(lines, items):
    lines.append("## Technical questions\n")
    if not items:
        lines.append("No technical questions: the bank has none for this posting's skills.\n")
        return
    for skill in dict.fromkeys(item["skill"] for item in items):
        lines.append(f"### {escape(skill)}\n")
        for item in (entry for entry in items if entry["skill"] == skill):
            lines.append(f"**{bank_text(item['question'])}**  ")
            lines.append(f"*{item['difficulty']} · {item['kind']} · `{item['question_id']}`*\n")
            lines.append("A strong answer covers:\n")
            lines.extend(f"- {bank_text(point)}" for point in item["points"])
            if item["reasons"]:
                lines.append("")
                lines.append("Why this question: " + escape("; ".join(item["reasons"])) + "\n")
            else:
                lines.append("")


def _star(lines, star):
    lines.append(f"Story from your experience (bullet `{star['bullet_id']}`): “{escape(star['bullet_text'])}”\n")
    for label, key in (("Situation", "situation"), ("Task", "task"), ("Action", "action"), ("Result", "result")):
        part = star[key]
        said = f"“{escape(part['from_profile'])}” — " if part["from_profile"] else ""
        lines.append(f"- **{label}:** {said}{escape(part['prompt'])}")
    for step in star["prepare"]:
        lines.append(f"- **Prepare:** {escape(step)}")
    lines.append("")


def _behavioural(lines, items):
    lines.append("## Behavioural questions\n")
    for item in items:
        lines.append(f"### {escape(item['question'])}\n")
        lines.append(f"*{escape(item['competency_name'])} · `{item['question_id']}`*\n")
        lines.append(f"What interviewers look for: {escape(item['signal'])}\n")
        if item["star"]:
            _star(lines, item["star"])
        else:
            lines.append("No experience bullet to build a story from: add one to your profile.\n")
        if item["follow_ups"]:
            lines.append("Follow-ups to expect: " + escape(" ".join(item["follow_ups"])) + "\n")


def _gaps(lines, gaps):
    lines.append("## Gaps and how to address them\n")
    if not gaps:
        lines.append("Your profile shows every required skill of this posting.\n")
        return
    for gap in gaps:
        lines.append(f"### {escape(gap['skill'])}\n")
        lines.append(escape(gap["talking_point"]) + "\n")
        for adjacent in gap["adjacent"]:
            years = f", {adjacent['years']:g} years" if adjacent["years"] else ""
            lines.append(f"- You have {escape(adjacent['skill'])}{years}: {escape(adjacent['why'])}")
        if gap["adjacent"]:
            lines.append("")
        lines.append("Learning steps:\n")
        lines.extend(f"{number}. {escape(step)}" for number, step in enumerate(gap["learning_steps"], start=1))
        lines.append("")


def _asking(lines, items):
    lines.append("## Questions to ask\n")
    for item in items:
        lines.append(f"- {escape(item['question'])} *({escape(item['basis'])})*")
    lines.append("")


def _plan(lines, plan):
    lines.append("## Study plan\n")
    until = f" until the interview on {plan['interview_date']}" if plan["interview_date"] else " (a default week)"
    lines.append(f"{plan['daily_minutes']} minutes a day from {plan['start']}{until}.\n")
    if plan["weak_areas"]:
        weak = ", ".join(f"{escape(area['title'])} (mean rating {area['mean_rating']:g})" for area in plan["weak_areas"])
        lines.append(f"More time for weak areas from practice: {weak}.\n")
    lines.append("| Day | Topic | Minutes | What to do |")
    lines.append("| --- | --- | ---: | --- |")
    for day in plan["days"]:
        for session in day["sessions"]:
            lines.append(f"| {day['date']} | {escape(session['title'])} | {session['minutes']} | {escape(session['activity'])} |")
    lines.append("")


def prep_to_markdown(prep):
    """The Markdown text of a Prep (or its to_dict() form)."""
    data = prep.to_dict() if hasattr(prep, "to_dict") else prep
    posting = data["posting"]
    heading = " at ".join(part for part in (posting["title"], posting["company"]) if part)
    lines = [f"# Interview prep: {escape(heading)}\n"]
    facts = [f"Location: {escape(posting['location'])}" if posting["location"] else "",
             f"Work: {escape(posting['remote_type'])}" if posting["remote_type"] != "unknown" else ""]
    facts = [fact for fact in facts if fact]
    if facts:
        lines.append(" · ".join(facts) + "\n")
    if posting["required_skills"]:
        lines.append("Required: " + escape(", ".join(posting["required_skills"])) + "  ")
    if posting["nice_to_have_skills"]:
        lines.append("Nice to have: " + escape(", ".join(posting["nice_to_have_skills"])) + "  ")
    lines.append("")
    _technical(lines, data["technical"])
    if data["uncovered_skills"]:
        lines.append("The question bank has no questions yet for: " + escape(", ".join(data["uncovered_skills"])) + ".\n")
    _behavioural(lines, data["behavioural"])
    _gaps(lines, data["gaps"])
    _asking(lines, data["questions_to_ask"])
    _plan(lines, data["study_plan"])
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["bank_text", "escape", "prep_to_markdown"]
