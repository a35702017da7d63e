"""The officers' screens: inbox, task page, case page, case list.

Every POST becomes one engine command through ``submit``; a refusal is shown as the engine's own message and
nothing changes. Each form carries a command id, so a double click or a resent form is carried out once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from sopan.engine import CaseStatus, Command, Refusal
from sopan.model.organisation import Organisation as OrganisationModel
from sopan.render import flowchart_svgs
from sopan.web import limits
from sopan.web.cases.access import (
    can_see_personal_data,
    case_or_404,
    inbox_tasks,
    late_while_running,
    masked_applicant,
    role_codes,
    visible_cases,
)
from sopan.web.cases.extensions import offers_hold, task_panels
from sopan.web.cases.files import attachment_response, stored_suffix
from sopan.web.cases.forms import TaskActionForm, form_errors
from sopan.web.cases.models import Case, Event, RegisterEntry, is_late
from sopan.web.cases.services import submit
from sopan.web.cases.unit_applicants import unit_applicant_cases
from sopan.web.catalog.runtime import process_for
from sopan.web.ui.language import text

__all__ = ["case_file", "case_page", "held_cases", "inbox", "task_action", "task_page"]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = []
    now = timezone.now()
    tasks = list(inbox_tasks(request.user)[:500])
    units = unit_applicant_cases({task.case_id for task in tasks})  # an organisation applied: nothing to mask
    for task in tasks:
        process = process_for(task.case.sop_version)
        step = process.step(task.step)
        state = task.case.typed_state
        applicant = masked_applicant(state.applicant, full=task.case_id in units)
        late = late_while_running(task.due_at, state.hold, now)  # a wait for the applicant stops the clock
        sop = task.case.sop_version.sop
        rows.append({"task": task, "step": step, "applicant": applicant, "sop": sop, "late": late, "held": state.hold})
    return render(request, "cases/inbox.html", {"rows": rows, "next": _next_row(request, rows)})


def _next_row(request: HttpRequest, rows: list[dict]) -> object | None:
    """After a finished step (``?dari=<case>``): the task to take up next, one nobody else holds."""
    finished = request.GET.get("dari")
    if not finished:
        return None
    me = request.user.pk
    free = [row["task"] for row in rows if row["task"].claimed_by_id in (None, me)]
    return next((task for task in free if str(task.case_id) != finished), free[0] if free else None)


def _answer_label(step, answer: str | None) -> str | None:
    """A recorded decision in the SOP's words ("Lengkap", "Tidak lengkap")."""
    return step.decision.label_of(answer) if answer and step is not None and step.decision else answer


def _follow_up_days(organisation) -> int:
    """After how many days a case waiting for its applicant is listed: the office's ``batas_tunggu_pemohon``."""
    if not organisation.definition:
        return OrganisationModel.model_fields["hold_follow_up_days"].default
    return OrganisationModel.model_validate(organisation.definition).hold_follow_up_days


@login_required
def held_cases(request: HttpRequest) -> HttpResponse:
    """Cases waiting for their applicant longer than their office's limit: to call the applicant or close them."""
    now = timezone.now()
    waiting = (
        visible_cases(request.user)
        .filter(status=Case.Status.OPEN)
        .exclude(state__hold=None)
        .select_related("sop_version__sop", "organisation")
        .order_by("opened_at")
    )
    limits: dict[int, int] = {}
    rows = []
    for case in waiting[:1000]:
        hold = case.typed_state.hold
        if hold is None:
            continue
        since = dt.datetime.fromisoformat(hold["since"])
        days = limits.setdefault(case.organisation_id, _follow_up_days(case.organisation))
        if now - since >= dt.timedelta(days=days):
            rows.append({"case": case, "since": since, "days": (now - since).days, "limit": days, "hold": hold})
    return render(request, "cases/held.html", {"rows": rows})


def _timeline(case: Case, process) -> list[dict]:
    """The case's events, each with its step, the kelengkapan item it names and its answer in the SOP's words."""
    items = []
    for event in case.events.order_by("seq"):
        data = event.data
        step = process.find_step(data.get("step"))
        texts = {item.key: item.text for item in process.requirements(step)} if step is not None else {}
        items.append(
            {
                "event": event,
                "step": step,
                "data": data,
                "item": texts.get(data["item"], data["item"]) if data.get("item") else None,
                "answer": _answer_label(step, data.get("answer")),
            }
        )
    return items


@login_required
def case_page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_or_404(request.user, case_id)
    process = process_for(case.sop_version)
    state = case.typed_state
    full = can_see_personal_data(request.user, case)
    tasks = []
    now = timezone.now()
    for task in state.tasks:
        step = process.step(task.step)
        standard = step.duration.nominal_minutes() if step.duration is not None and step.duration.is_fixed else None
        late = is_late(task.due_at, task.completed_at, running=False, now=now)  # the badge is of finished tasks
        answer = _answer_label(step, task.answer)
        tasks.append({"task": task, "step": step, "standard": standard, "late": late, "answer": answer})
    context = {
        "case": case,
        "state": state,
        "sop": case.sop_version.sop,
        "applicant": masked_applicant(state.applicant, full=full),
        "personal_full": full,
        "tasks": tasks,
        "timeline": _timeline(case, process),
        "entries": RegisterEntry.objects.filter(case=case),
        "current": state.current,
        "mine": role_codes(request.user, case.organisation_id),
        "hold": state.hold,
        "hold_since": parse_datetime(state.hold["since"]) if state.hold else None,
    }
    return render(request, "cases/case.html", context)


def _checklist(process, step, task) -> list[dict]:
    items = []
    heading = None
    for item in process.requirements(step):
        if item.heading and item.heading != heading:
            heading = item.heading
            items.append({"heading": heading})
        items.append(
            {
                "item": item,
                "ticked": item.key in task.ticked,
                "waived": task.waived.get(item.key),
            }
        )
    return items


@login_required
def task_page(request: HttpRequest, case_id: uuid.UUID, number: int) -> HttpResponse:
    case = case_or_404(request.user, case_id)
    state = case.typed_state
    task = state.task(number)
    if task is None:
        raise Http404("task")
    process = process_for(case.sop_version)
    step = process.step(task.step)
    mine = role_codes(request.user, case.organisation_id)
    earlier_outputs = [(t, o) for t in state.tasks if t.task < task.task for o in t.outputs]
    yes_label, no_label = step.decision.answer_labels() if step.decision else ("", "")
    personal_full = can_see_personal_data(request.user, case)
    context = {
        "case": case,
        "state": state,
        "limits": limits,  # each field's maxlength: the browser stops what the form would refuse and lose
        "task": task,
        "step": step,
        "process": process,
        "sop": case.sop_version.sop,
        "checklist": _checklist(process, step, task),
        "missing": [
            i
            for i in process.requirements(step)
            if i.required and i.key not in task.ticked and i.key not in task.waived
        ],
        "can_act": bool(mine & set(task.roles)) and task is state.current and state.hold is None,
        "can_resume": bool(mine & set(task.roles)) and task is state.current and state.hold is not None,
        "hold": state.hold,
        "hold_since": parse_datetime(state.hold["since"]) if state.hold else None,
        "offers_hold": process.is_service and offers_hold(case),
        "missing_texts": "\n".join(
            item.text for item in process.requirements(step) if item.required and item.key not in task.ticked
        ),
        "is_current": task is state.current,
        "claimed_by_me": task.claimed_by == request.user.get_username(),
        "applicant": masked_applicant(state.applicant, full=personal_full or bool(unit_applicant_cases({case.pk}))),
        "personal_full": personal_full,
        "earlier_outputs": earlier_outputs,
        "command_id": uuid.uuid4(),
        "pages": [mark_safe(svg) for svg in flowchart_svgs(process.sop, highlight_step=task.step)],
        "lane_names": [process.sop.lane(code).name if process.sop.lane(code) else code for code in task.roles],
        "yes_label": yes_label,
        "no_label": no_label,
        "answer_label": _answer_label(step, task.answer),
        "panels": task_panels(request, case),
    }
    return render(request, "cases/task.html", context)


def _store_upload(case: Case, upload) -> str:
    """Keep an uploaded output file under the case; the stored name carries no personal data."""
    suffix = stored_suffix(upload.name)
    relative = Path("cases") / str(case.pk) / f"{uuid.uuid4().hex}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return str(relative)


def _forget_upload(command: Command) -> None:
    """An output file stored for a command the engine refused is removed again."""
    file = getattr(command, "file", None)
    if file:
        (Path(settings.MEDIA_ROOT) / file).unlink(missing_ok=True)


def _run(request: HttpRequest, case: Case, commands: list[Command], base_id: uuid.UUID | None) -> Case:
    """Submit the commands in order until one is refused or was carried out before; the case as it is after."""
    done = 0
    for index, command in enumerate(commands):
        command_id = uuid.uuid5(base_id, f"{type(command).__name__}:{index}") if base_id else None
        try:
            result = submit(request.user, command, case=case.pk, command_id=command_id)
        except Refusal as refusal:
            _forget_upload(command)
            messages.error(request, refusal.text(request.lang))
            break
        if result.replayed:
            _forget_upload(command)
            messages.info(
                request, text(request, "Formulir ini sudah dikirim sebelumnya.", "This form was sent before.")
            )
            break
        done += 1
        case = result.case
    if done and done == len(commands):
        messages.success(request, text(request, "Tersimpan.", "Saved."))
    case.refresh_from_db()
    return case


def _after(request: HttpRequest, case: Case, number: int) -> HttpResponse:
    """Where the officer goes next: the task again while it is still open; after finishing it, the case's next
    task when they may work on it, else the inbox with the next item highlighted; the case page once it is closed
    early (rejected or cancelled)."""
    state = case.typed_state
    if state.status in (CaseStatus.REJECTED, CaseStatus.CANCELLED):
        return redirect("case", case_id=case.pk)
    latest = state.current
    if latest is not None and latest.task == number:
        return redirect("task", case_id=case.pk, number=number)
    username = request.user.get_username()
    mine = role_codes(request.user, case.organisation_id)
    if latest is not None and mine & set(latest.roles) and latest.claimed_by in (None, username):
        return redirect("task", case_id=case.pk, number=latest.task)
    return redirect(f"{reverse('inbox')}?dari={case.pk}#berikutnya")


@login_required
@require_POST
def task_action(request: HttpRequest, case_id: uuid.UUID, number: int) -> HttpResponse:
    case = case_or_404(request.user, case_id)
    task = case.typed_state.task(number)
    if task is None:
        messages.error(
            request, text(request, f"Kasus ini tidak punya tugas {number}.", f"This case has no task {number}.")
        )
        return redirect("case", case_id=case.pk)
    form = TaskActionForm(request.POST, request.FILES, lang=getattr(request, "lang", "id"))
    if not form.is_valid():
        for line in form_errors(form):
            messages.error(request, line)
        return redirect("task", case_id=case.pk, number=number)
    commands = form.commands(task, timezone.now(), store=lambda upload: _store_upload(case, upload))
    return _after(request, _run(request, case, commands, form.cleaned_data["command_id"]), number)


@login_required
def case_file(request: HttpRequest, case_id: uuid.UUID, event_seq: int) -> FileResponse:
    """An uploaded output file, for users who may see the case's personal data (an upload may be a KTP scan)."""
    case = case_or_404(request.user, case_id)
    if not can_see_personal_data(request.user, case):
        raise Http404("file")
    event = get_object_or_404(Event, case=case, seq=event_seq, kind="output_recorded")
    relative = event.data.get("file")
    if not relative:
        raise Http404("file")
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if Path(settings.MEDIA_ROOT).resolve() not in path.parents or not path.is_file():
        raise Http404("file")
    return attachment_response(path)
