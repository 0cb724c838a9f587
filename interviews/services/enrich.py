"""Optional enrichment by a language-model writer: a spoken opening for each STAR story.

Only a writer that uses a model is asked (the embedded writer's outlines are already the
profile's own words, so it adds nothing and no network is touched). Each opening passes the
provenance guard against the one bullet it tells, with that role's employer, title and dates:
an opening that adds a number, employer, title, date or skill is dropped and the reason noted.
"""

from jobly.writers import SourceItem, check_rewrite, get_writer
from jobly.writers.errors import LLM_ERRORS, WriterUnsupported

PURPOSE = "interviews.star_opening"
OPENING_SCHEMA = {
    "type": "object",
    "properties": {"opening": {"type": "string", "minLength": 1, "maxLength": 600}},
    "required": ["opening"],
    "additionalProperties": False,
}


def _source(profile, star):
    found = profile.find_bullet(star["bullet_id"])
    if found is None:
        return None
    item, bullet = found
    return SourceItem(id=bullet.id, kind="bullet", text=bullet.text, employer=item.company, title=item.title,
                      start=item.start, end="" if item.current else item.end)


def enrich_stories(content, *, profile, writer=None):
    """Add `star["spoken"]` ({text, writer}) to each story the guard accepts; returns the writer's name
    when it was asked ("" for the embedded writer). Notes on rejections go to content["writer_notes"]."""
    writer = writer or get_writer()
    if not writer.uses_model:
        return ""
    employers = sorted({item.company for item in profile.experience if item.company})
    notes = []
    for entry in content["behavioural"]:
        star = entry.get("star")
        source = _source(profile, star) if star else None
        if source is None:
            continue
        payload = {"question": entry["question"], "competency": entry["competency_name"], "role": source.title,
                   "company": source.employer, "bullet": source.text,
                   "instructions": "Write two sentences the candidate could say to open this story, in the first "
                                   "person, using only facts the bullet, role and company state."}
        try:
            opening = writer.complete_json(purpose=PURPOSE, payload=payload, schema=OPENING_SCHEMA)["opening"]
        except (*LLM_ERRORS, WriterUnsupported) as error:
            notes.append(f"{entry['question_id']}: the writer failed ({error.code}); kept the outline.")
            continue
        others = [name for name in employers if name.casefold() != source.employer.casefold()]
        verdict = check_rewrite(opening, sources=[source], known_employers=others)
        if verdict.accepted:
            star["spoken"] = {"text": " ".join(opening.split()), "writer": writer.describe()}
        else:
            notes += [f"{entry['question_id']}: opening rejected: {reason}." for reason in verdict.reasons]
    content["writer_notes"] = notes
    return writer.describe()
