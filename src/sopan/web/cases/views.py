"""The officers' screens: inbox, task page, case page, case list.

Every POST becomes one engine command through ``submit``; a refusal is shown as the engine's own message and
nothing changes. Each form carries a command id, so a double click or a resent form is carried out once.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from sopan.engine import (
    Command,
    Refusal,
)
from sopan.render import flowchart_svgs
from sopan.web.cases.access import (
    can_see_personal_data,
    case_or_404,
    inbox_tasks,
    masked_applicant,
    role_codes,
    visible_cases,
)
from sopan.web.cases.files import attachment_response, stored_suffix
from sopan.web.cases.forms import TaskActionForm, form_errors
from sopan.web.cases.models import Case, Event, RegisterEntry, is_late
from sopan.web.cases.services import submit
from sopan.web.catalog.runtime import process_for
from sopan.web.ui.language import text

__all__ = ["case_file", "case_list", "case_page", "inbox", "task_action", "task_page"]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = []
    for task in inbox_tasks(request.user)[:500]:
        process = process_for(task.case.sop_version)
        step = process.step(task.step)
        applicant = masked_applicant(task.case.typed_state.applicant, full=False)
        rows.append({"task": task, "step": step, "applicant": applicant, "sop": task.case.sop_version.sop})
    return render(request, "cases/inbox.html", {"rows": rows})


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = visible_cases(request.user).select_related("sop_version__sop", "organisation").order_by("-opened_at")
    status = request.GET.get("status", "")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    rows = [
        {"case": case, "applicant": masked_applicant(case.typed_state.applicant, full=False)} for case in cases[:300]
    ]
    return render(request, "cases/case_list.html", {"rows": rows, "status": status, "statuses": Case.Status.choices})


def _timeline(case: Case, process) -> list[dict]:
    items = []
    for event in case.events.order_by("seq"):
        data = event.data
        step = process.find_step(data.get("step"))
        items.append({"event": event, "step": step, "data": data})
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
        tasks.append({"task": task, "step": step, "standard": standard, "late": late})
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
    context = {
        "case": case,
        "state": state,
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
        "can_act": bool(mine & set(task.roles)) and task is state.current,
        "is_current": task is state.current,
        "claimed_by_me": task.claimed_by == request.user.get_username(),
        "applicant": masked_applicant(state.applicant, full=can_see_personal_data(request.user, case)),
        "earlier_outputs": earlier_outputs,
        "command_id": uuid.uuid4(),
        "pages": [mark_safe(svg) for svg in flowchart_svgs(process.sop, highlight_step=task.step)],
        "lane_names": [process.sop.lane(code).name if process.sop.lane(code) else code for code in task.roles],
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


def _after(case: Case, number: int) -> HttpResponse:
    """Back to the task while it is still the current one, else to the case."""
    if case.status != Case.Status.OPEN or case.current_step is None:
        return redirect("case", case_id=case.pk)
    latest = case.typed_state.current
    if latest is not None and latest.task != number:
        return redirect("case", case_id=case.pk)
    return redirect("task", case_id=case.pk, number=number)


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
    return _after(_run(request, case, commands, form.cleaned_data["command_id"]), number)


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
