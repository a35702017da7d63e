"""The loket and task forms: the API's limits on every field, each refusal with a code and in both languages."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse

from sopan.engine import CompleteStep, Decide, RecordOutput
from sopan.web import limits
from sopan.web.api.schemas import ApplicantIn, DecideIn, OpenCaseIn, OutputIn
from sopan.web.cases.forms import IntakeForm, TaskActionForm, form_errors
from sopan.web.cases.models import Case
from sopan.web.catalog.runtime import process_for
from tests.web.factories import Office, client_for, open_case

NINE_MB = "A" * (9 * 1024 * 1024)


def intake(office: Office, lang: str = "id", **fields) -> IntakeForm:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return IntakeForm(data, process=process_for(office.version), lang=lang)


def codes(form) -> dict[str, list[str]]:
    return {name: [error.code for error in errors.as_data()] for name, errors in form.errors.items()}


def test_a_nine_megabyte_name_is_refused_at_the_loket(office: Office) -> None:
    url = reverse("start-case", args=["kec-contoh", "surat-keterangan"])
    response = client_for(office.loket).post(url, {"nama": NINE_MB})
    page = response.content.decode()
    assert response.status_code == 200 and Case.objects.count() == 0
    assert f"Paling banyak {limits.NAME} karakter" in page
    assert len(page) < 100_000  # the refused value is not sent back whole
    english = client_for(office.loket).post(url + "?lang=en", {"nama": NINE_MB}).content.decode()
    assert f"At most {limits.NAME} characters" in english


def test_every_intake_field_has_its_limit_and_code(office: Office) -> None:
    form = intake(
        office,
        nama="x" * (limits.NAME + 1),
        nik="1" * (limits.NIK + 1),
        telepon="0" * (limits.PHONE + 1),
        alamat="a" * (limits.ADDRESS + 1),
        dasar="d" * (limits.TEXT + 1),
        command_id="k" * (limits.COMMAND_KEY + 1),
    )
    assert not form.is_valid()
    assert codes(form) == {name: ["max_length"] for name in ("nama", "nik", "telepon", "alamat", "dasar", "command_id")}
    just = intake(office, nama="x" * limits.NAME, telepon="0" * limits.PHONE, alamat="a" * limits.ADDRESS)
    assert just.is_valid(), just.errors


def test_intake_checks_name_nik_and_items(office: Office) -> None:
    assert codes(intake(office, nama="  ")) == {"nama": ["required"]}
    assert codes(intake(office, nama="Ani", nik="12345")) == {"nik": ["invalid_nik"]}
    assert "NIK must be 16 digits" in intake(office, lang="en", nama="Ani", nik="12").errors["nik"][0]
    assert codes(intake(office, nama="Ani", telepon="abc<script>")) == {"telepon": ["invalid_phone"]}
    assert codes(intake(office, nama="Ani", telepon="+62 (812) 345-678")) == {}
    too_many = intake(office, nama="Ani", item=[str(n) for n in range(limits.ITEMS + 1)])
    assert codes(too_many) == {"item": ["too_many"]}
    assert form_errors(too_many) == [f"Kelengkapan: Paling banyak {limits.ITEMS} butir."]
    assert codes(intake(office, nama="Ani", item=["k" * (limits.ITEM_KEY + 1)])) == {"item": ["max_length"]}


def test_the_intake_command_keeps_only_known_items(office: Office) -> None:
    form = intake(office, nama=" Ani Lestari ", nik="3508010101010001", item=["1", "9"])
    assert form.is_valid()
    command = form.command(office.version.published_at)
    assert command.applicant.name == "Ani Lestari" and command.applicant.phone is None
    assert command.ticked == ("1",) and command.trigger is None


def action(lang: str = "id", files=None, **fields) -> TaskActionForm:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return TaskActionForm(data, files, lang=lang)


def test_task_action_fields_have_the_apis_limits() -> None:
    assert codes(action(action="meledak")) == {"action": ["invalid_choice"]}
    assert codes(action(action="claim", command_id="bukan-uuid")) == {"command_id": ["invalid"]}
    assert codes(action(action="tidak", alasan="x" * (limits.TEXT + 1))) == {"alasan": ["max_length"]}
    assert codes(action(action="output", nama="n" * (limits.OUTPUT_NAME + 1))) == {"nama": ["max_length"]}
    assert codes(action(action="output", nilai="v" * (limits.TEXT + 1))) == {"nilai": ["max_length"]}
    assert codes(action(action="complete", catatan="c" * (limits.TEXT + 1))) == {"catatan": ["max_length"]}
    long_waiver = action(action="complete", alasan_1="w" * (limits.TEXT + 1))
    assert codes(long_waiver) == {"__all__": ["max_length"]}
    many = action(action="complete", **{f"alasan_{n}": "ada" for n in range(limits.ITEMS + 1)})
    assert codes(many) == {"__all__": ["too_many"]}
    assert form_errors(action(lang="en", action="tidak", alasan="x" * (limits.TEXT + 1))) == [
        f"Reason: At most {limits.TEXT} characters."
    ]


def test_an_upload_over_the_limit_is_refused(settings) -> None:
    big = SimpleUploadedFile("besar.pdf", b"0")
    big.size = limits.UPLOAD_BYTES + 1
    form = action(files={"berkas": big}, action="output", nama="Berkas")
    assert codes(form) == {"berkas": ["file_too_big"]}
    assert f"lebih dari {limits.UPLOAD_MB} MB" in form.errors["berkas"][0]


def test_task_forms_give_the_commands_they_ask_for(office: Office) -> None:
    task = open_case(office).typed_state.task(1)
    now = office.version.published_at
    finish = action(action="complete", alasan_2=" tidak ada ", alasan_3=" ", catatan="ok")
    assert finish.is_valid()
    [command] = finish.commands(task, now, store=lambda upload: pytest.fail("no file"))
    assert isinstance(command, CompleteStep) and command.waivers == {"2": "tidak ada"} and command.note == "ok"
    no = action(action="tidak", alasan="KTP buram")
    assert no.is_valid()
    [decision] = no.commands(task, now, store=None)
    assert isinstance(decision, Decide) and not decision.answer and decision.reason == "KTP buram"
    assert decision.task == 1 and decision.at == now
    stored = []
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF")
    output = action(files={"berkas": upload}, action="output", nama="Berkas", nilai="12")
    assert output.is_valid()
    [recorded] = output.commands(task, now, store=lambda file: stored.append(file.name) or "cases/x.pdf")
    assert isinstance(recorded, RecordOutput) and recorded.file == "cases/x.pdf" and stored == ["bukti.pdf"]
    checklist = action(action="checklist", item=["1", "2"])
    assert checklist.is_valid() and [c.item for c in checklist.commands(task, now, store=None)] == ["1", "2"]


def test_a_too_long_reason_is_refused_on_the_task_page_and_nothing_is_written(office: Office) -> None:
    case = open_case(office)
    before = case.version
    response = client_for(office.loket).post(
        reverse("task-action", args=[case.pk, 1]), {"action": "reject", "alasan": NINE_MB}, follow=True
    )
    assert f"Alasan: Paling banyak {limits.TEXT} karakter" in response.content.decode()
    case.refresh_from_db()
    assert case.version == before and case.status == "open"
    # the page's text fields carry the same limits, so the browser stops what the form would refuse
    page = response.content.decode()
    for name in ("catatan", "alasan", "nilai"):
        assert re.search(rf'name="{name}" maxlength="{limits.TEXT}"', page), name


@pytest.mark.parametrize(
    ("schema", "field", "limit"),
    [
        (ApplicantIn, "name", limits.NAME),
        (ApplicantIn, "nik", limits.NIK),
        (ApplicantIn, "phone", limits.PHONE),
        (ApplicantIn, "address", limits.ADDRESS),
        (OpenCaseIn, "trigger", limits.TEXT),
        (OutputIn, "name", limits.OUTPUT_NAME),
        (DecideIn, "reason", limits.TEXT),
    ],
)
def test_the_api_checks_the_same_limits(schema, field, limit) -> None:
    text = schema.model_json_schema()["properties"][field]
    found = {option.get("maxLength") for option in text.get("anyOf", [text])} - {None}
    assert found == {limit}


def test_the_api_limits_waivers_items_and_output_values() -> None:
    properties = OpenCaseIn.model_json_schema()["properties"]
    assert properties["ticked"]["maxItems"] == limits.ITEMS
    waivers = DecideIn.model_json_schema()["properties"]["waivers"]
    assert waivers["maxProperties"] == limits.ITEMS
    value = OutputIn.model_json_schema()["properties"]["value"]["anyOf"]
    assert {"type": "string", "maxLength": limits.TEXT} in value
