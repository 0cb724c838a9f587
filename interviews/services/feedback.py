"""Feedback on a practice answer from a language-model writer, against the question's strong-answer points.

Optional: only a writer that uses a model is asked (`feedback_available()`); with the embedded writer
the API answers 409 `feedback_unavailable` and the practice page shows no button. A request is a
background job ("interviews.feedback"), since a model can take seconds. The model marks which of the
question's points the notes cover, by index, so the points shown are always the project's own; its
one short comment is untrusted text, kept only when the provenance guard finds nothing in it (a
number, employer, date, skill) that neither the notes, the question nor its points say, else dropped
with a note. The result is stored on the answer with the sha256 of the notes it judged, so the page
can say when the notes changed since.
"""

import hashlib

from django.db import transaction
from django.utils import timezone

from interviews.errors import FeedbackUnavailable, QuestionNotInPrep
from interviews.models import PracticeAnswer
from interviews.services.practice import locked_prep
from jobly import background
from jobly.errors import InvalidInput, PermanentError
from jobly.models import BackgroundJob
from jobly.writers import SourceItem, check_rewrite, get_writer
from jobly.writers.errors import LLM_ERRORS, WriterUnsupported

JOB_TYPE = "interviews.feedback"
PURPOSE = "interviews.answer_feedback"
MAX_NOTES_SENT = 6000  # characters of the answer notes the model reads
STAR_POINTS = (
    "Situation: sets the scene briefly (where, when, what was at stake).",
    "Task: says what you were responsible for.",
    "Action: says what you did yourself, step by step.",
    "Result: says what changed because of it, measured where you can.",
)
SCHEMA = {
    "type": "object",
    "properties": {
        "covered": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 99}, "maxItems": 100},
        "comment": {"type": "string", "maxLength": 600},
    },
    "required": ["covered", "comment"],
    "additionalProperties": False,
}
INSTRUCTIONS = ("List the indexes of the points that the answer notes cover. Then write at most two sentences "
                "of advice on what the answer should add or make clearer, using only what the question, the "
                "points and the notes say.")


def feedback_available(writer=None):
    return (writer or get_writer()).uses_model


def notes_digest(notes):
    return hashlib.sha256((notes or "").encode("utf-8")).hexdigest()


def question_of(content, question_id):
    """(kind, item) of one question of a prep's content, or None."""
    for kind in ("technical", "behavioural"):
        for item in content.get(kind, ()):
            if item["question_id"] == question_id:
                return kind, item
    return None


def points_of(kind, item):
    """What a strong answer covers: a technical question's points; a behavioural question's signal and STAR."""
    if kind == "technical":
        return [str(point) for point in item.get("points", ())]
    signal = [f"Shows {item['signal'].rstrip('.')}."] if item.get("signal") else []
    return signal + list(STAR_POINTS)


def request_feedback(*, user, prep_id, question_id, writer=None):
    """Queue feedback on the user's saved notes for one question. Returns (answer, background_job, created)."""
    if not feedback_available(writer):
        raise FeedbackUnavailable()
    with transaction.atomic():
        prep = locked_prep(user, prep_id)
        if question_of(prep.content, question_id) is None:
            raise QuestionNotInPrep()
        answer = PracticeAnswer.objects.select_for_update().filter(prep=prep, question_id=question_id).first()
        if answer is None or not answer.notes.strip():
            raise InvalidInput("Save your answer notes first: the feedback judges them.",
                               details={"notes": ["Save notes for this question first."]})
        job, created = background.enqueue(
            user=user, type=JOB_TYPE, params={"prep_id": prep.pk, "question_id": question_id},
            message=f"Queued: feedback on question {question_id}")
        answer.feedback = {**_result_of(answer.feedback), "status": "queued", "background_job_id": job.pk}
        answer.save(update_fields=["feedback"])
        return answer, job, created


def _result_of(feedback):
    """The last finished result kept while a new request runs (shown until it is replaced)."""
    keep = ("covered", "missing", "points", "comment", "writer", "notes_sha256", "checked_at", "guard_notes")
    return {key: feedback[key] for key in keep if key in (feedback or {})}


def give_feedback(*, prep_id, question_id, background_job_id=None, progress=None, writer=None):
    """Ask the writer about the stored notes and store the verdict (the worker side of request_feedback)."""
    progress = progress or (lambda percent, message: None)
    writer = writer or get_writer()
    answer = (PracticeAnswer.objects.select_related("prep")
              .filter(prep_id=prep_id, question_id=question_id).first())
    found = question_of(answer.prep.content, question_id) if answer is not None else None
    if found is None:
        raise PermanentError("The question or its answer was deleted before the feedback ran.", code="answer_not_found")
    kind, item = found
    points = points_of(kind, item)
    notes = answer.notes
    progress(20, "Asking the writer")
    payload = {"question": item["question"], "points": [{"index": i, "point": p} for i, p in enumerate(points)],
               "answer_notes": notes[:MAX_NOTES_SENT], "instructions": INSTRUCTIONS}
    try:
        verdict = writer.complete_json(purpose=PURPOSE, payload=payload, schema=SCHEMA)
    except (*LLM_ERRORS, WriterUnsupported) as error:
        raise PermanentError(f"The writer could not give feedback: {error.message}", code=error.code) from error
    progress(80, "Checking the answer")
    covered = sorted({index for index in verdict["covered"] if index < len(points)})
    comment, guard_notes = " ".join(verdict["comment"].split()), []
    if comment:
        source = SourceItem(id="answer", kind="answer", text="\n".join([item["question"], *points, notes]))
        checked = check_rewrite(comment, sources=[source])
        if not checked.accepted:
            guard_notes = [f"Comment dropped: {reason}." for reason in checked.reasons]
            comment = ""
    result = {"status": "ready", "points": points, "covered": covered,
              "missing": [i for i in range(len(points)) if i not in covered], "comment": comment,
              "guard_notes": guard_notes, "writer": writer.describe(), "notes_sha256": notes_digest(notes),
              "checked_at": timezone.now().isoformat(), "background_job_id": background_job_id}
    with transaction.atomic():
        locked = PracticeAnswer.objects.select_for_update().filter(pk=answer.pk).first()
        if locked is None:
            raise PermanentError("The answer was deleted while the feedback ran.", code="answer_not_found")
        locked.feedback = result
        locked.save(update_fields=["feedback"])
    return {"prep_id": prep_id, "question_id": question_id, "covered": len(covered), "points": len(points)}


def on_feedback_finished(event):
    """`job.failed` / `job.cancelled` of a feedback job: the answer's pending request records the outcome.
    The job's own params name the answer, so the look-up goes through the (prep, question) unique index."""
    data = event.data or {}
    if data.get("type") != JOB_TYPE or not isinstance(data.get("job_id"), int):
        return
    params = (BackgroundJob.objects.filter(pk=data["job_id"], owner_id=event.owner_id, type=JOB_TYPE)
              .values_list("params", flat=True).first())
    if not params:
        return
    with transaction.atomic():
        answer = (PracticeAnswer.objects.select_for_update()
                  .filter(owner_id=event.owner_id, prep_id=params.get("prep_id"), question_id=params.get("question_id"))
                  .first())
        if answer is None or answer.feedback.get("status") != "queued" \
                or answer.feedback.get("background_job_id") != data["job_id"]:
            return
        error = data.get("error") or {}
        status = "failed" if event.type == "job.failed" else "cancelled"
        answer.feedback = {**_result_of(answer.feedback), "status": status, "background_job_id": data["job_id"],
                           "error": {"code": error.get("code", status), "message": error.get("message", "")}}
        answer.save(update_fields=["feedback"])


def feedback_is_current(answer):
    """True when the stored feedback judged the answer's notes as they are now."""
    return bool(answer and answer.feedback.get("notes_sha256") == notes_digest(answer.notes))

