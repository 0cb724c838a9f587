"""Interviews' pages: the prep list, one prep with its sections, practice mode (one question at a time),
and the POSTs behind their buttons. Thin: forms validate, selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from interviews import selectors
from interviews.forms import FeedbackForm, PracticeForm, PrepareForm
from interviews.services import feedback, generate, practice
from jobly.errors import DomainError, NotFound


def _prep_or_404(user, prep_id):
    try:
        return selectors.prep_for_user(user, prep_id)
    except NotFound:
        raise Http404 from None


@login_required
def prep_list(request):
    return render(request, "interviews/list.html", {"preps": selectors.preps_for_user(request.user)})


@login_required
@require_POST
def prepare(request):
    """The "Prepare for interview" button: start (or join) the generation and show the prep."""
    form = PrepareForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        prep, _, created = generate.start_generation(
            user=request.user, job_id=form.cleaned_data["job"], profile_id=form.cleaned_data["profile"],
            interview_date=form.cleaned_data["interview_date"], daily_minutes=form.cleaned_data["daily_minutes"])
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("interviews:list")
    messages.success(request, "Preparing your interview prep: it appears here as each section is planned." if created
                     else "Your interview prep is already being prepared.")
    return redirect("interviews:detail", prep_id=prep.pk)


def _question_entries(prep):
    answers = selectors.answers_by_question(prep)
    entries = []
    for kind in ("technical", "behavioural"):
        for item in prep.content.get(kind, ()):
            entries.append({"kind": kind, "item": item, "answer": answers.get(item["question_id"])})
    return entries


@login_required
def detail(request, prep_id):
    prep = _prep_or_404(request.user, prep_id)
    context = {"prep": prep, "content": prep.content}
    if prep.content:
        answers = selectors.answers_by_question(prep)
        context.update(summary=practice.weak_area_summary(prep), answers=answers,
                       technical_by_skill=_by_skill(prep.content["technical"]))
    return render(request, "interviews/detail.html", context)


def _by_skill(items):
    groups = {}
    for item in items:
        groups.setdefault(item["skill"], []).append(item)
    return list(groups.items())


@login_required
def practise(request, prep_id):
    """Practice mode: question `?q=N` of the prep's questions, its notes, rating and timer; POST saves."""
    prep = _prep_or_404(request.user, prep_id)
    if not prep.content:
        messages.info(request, "The prep is not ready yet.")
        return redirect("interviews:detail", prep_id=prep.pk)
    entries = _question_entries(prep)
    if not entries:
        messages.info(request, "This prep has no questions to practise.")
        return redirect("interviews:detail", prep_id=prep.pk)
    try:
        index = min(max(int(request.GET.get("q", "1")), 1), len(entries)) - 1
    except ValueError:
        index = 0
    form = PracticeForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "Could not save: " + "; ".join(str(e[0]) for e in form.errors.values()))
        else:
            data = form.cleaned_data
            try:
                practice.save_answer(user=request.user, prep_id=prep.pk, question_id=data["question"], notes=data["notes"],
                                     rating=data["rating"], clear_rating=data["rating"] is None,
                                     add_seconds=data["seconds"] or 0)
            except NotFound:
                raise Http404 from None
            ids = [entry["item"]["question_id"] for entry in entries]
            position = ids.index(data["question"]) if data["question"] in ids else index
            step = {"next": 1, "previous": -1}.get(data["go"] or "next", 0)
            target = min(max(position + step, 0), len(entries) - 1)
            messages.success(request, "Saved.")
            return redirect(f"{reverse('interviews:practice', args=[prep.pk])}?q={target + 1}")
    prep = _prep_or_404(request.user, prep_id)
    entries = _question_entries(prep)
    entry = entries[index]
    return render(request, "interviews/practice.html", {
        "prep": prep, "entry": entry, "number": index + 1, "total": len(entries),
        "entries": entries, "summary": practice.weak_area_summary(prep),
        "feedback_available": feedback.feedback_available(), "feedback": _feedback_view(entry["answer"]),
    })


def _feedback_view(answer):
    """What the feedback section shows: each point with whether the notes cover it, and whether the
    feedback judged the notes as they are now."""
    stored = answer.feedback if answer is not None else {}
    if not stored:
        return None
    covered = set(stored.get("covered", ()))
    return {**stored, "rows": [(point, index in covered) for index, point in enumerate(stored.get("points", ()))],
            "current": feedback.feedback_is_current(answer)}


@login_required
@require_POST
def ask_feedback(request, prep_id):
    """The practice page's "Ask for feedback" button: queue feedback on the saved notes of one question."""
    prep = _prep_or_404(request.user, prep_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        feedback.request_feedback(user=request.user, prep_id=prep.pk, question_id=form.cleaned_data["question"])
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Asking the writer for feedback on your saved notes: it appears below when ready.")
    return redirect(f"{reverse('interviews:practice', args=[prep.pk])}?q={form.cleaned_data['number'] or 1}")


@login_required
@require_POST
def replan(request, prep_id):
    prep = _prep_or_404(request.user, prep_id)
    try:
        practice.replan(user=request.user, prep_id=prep.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Study plan planned again from today, with more time for your weak areas.")
    return redirect(f"{reverse('interviews:detail', args=[prep.pk])}#study-plan")


@login_required
@require_POST
def delete(request, prep_id):
    try:
        generate.delete_prep(user=request.user, prep_id=prep_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, "Interview prep deleted.")
    return redirect("interviews:list")
