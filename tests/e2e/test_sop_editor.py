"""Writing an SOP in the browser (Debian's chromium): from nothing to a file `sopan check` finds clean, the lint
findings leaving as they are fixed and the flowchart redrawn after each change; and two sessions on one draft,
where the second save gets the conflict message and nothing is lost. Screens at 1366 and 768 px wide."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from typer.testing import CliRunner

from sopan.cli import app
from sopan.io.yaml_io import dump_yaml
from sopan.web.authoring.models import Draft, Writer
from tests.e2e.chromium import PASSWORD, SHOTS
from tests.e2e.screens import edit, saved, version
from tests.web.factories import Office

pytestmark = pytest.mark.django_db(transaction=True)

STEPS = [  # kegiatan, lane, amount, unit, output
    ("Mengajukan permohonan surat keterangan domisili", "pemohon", "10", "menit", "Berkas permohonan"),
    ("Menerima dan mencatat berkas permohonan", "petugas-loket", "10", "menit", "Berkas tercatat"),
    ("Memeriksa kelengkapan berkas", "petugas-loket", "15", "menit", "Berkas lengkap"),
    ("Mengetik konsep surat keterangan", "petugas-loket", "30", "menit", "Konsep surat"),
    ("Menandatangani surat keterangan", "kepala-seksi", "1", "hari", "Surat keterangan"),
    ("Menyerahkan surat keterangan kepada pemohon", "petugas-loket", "10", "menit", "Tanda terima"),
]
IDENTITY = {
    "f-nomor": "470/01/SOP/2026",
    "f-nama": "Pelayanan Surat Keterangan Domisili",
    "f-jenis": "administratif",
    "f-sifat": "pelayanan",
    "f-tanggal-pembuatan": "2026-01",
    "f-tanggal-revisi": "2026-01",
    "f-tanggal-efektif": "2026-02",
    "f-disahkan-oleh-jabatan": "Camat Contoh",
    "f-disahkan-oleh-nama": "Nama Pejabat",
    "f-disahkan-oleh-nip": "196601011990031001",
    "f-dasar-hukum": "Peraturan Menteri PANRB Nomor 35 Tahun 2012",
    "f-kualifikasi-pelaksana": "Memahami tugas pelayanan",
    "f-peralatan-perlengkapan": "Komputer dan printer",
    "f-peringatan": "Apabila SOP tidak dilaksanakan, pelayanan terlambat.",
    "f-pencatatan-pendataan": "Buku Register Surat Keterangan",
    "f-keterkaitan": "instansi: Dinas Kependudukan dan Pencatatan Sipil",
}
KELENGKAPAN = "Surat pengantar RT/RW\nFotokopi KTP\n* Bagi penduduk pindahan:\n- Surat keterangan pindah\n- KK lama"


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/tugas/")


def choose(page, selector: str, value: str) -> None:
    before = version(page)
    page.select_option(selector, value)
    saved(page, before)


def click(page, selector: str) -> None:
    before = version(page)
    page.click(selector)
    saved(page, before)


def findings(page, where: str) -> str:
    return " ".join(page.locator(f"{where} .finding").all_inner_texts())


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def writer(office: Office) -> User:
    user = User.objects.create_user("penyusun", password=PASSWORD)
    Writer.objects.create(user=user, organisation=office.organisation)
    return user


def test_a_new_sop_written_in_the_browser_checks_clean(live_server, office: Office, writer, browser, tmp_path) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Failed to" not in m.text else None)
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
    login(page, live_server.url, "penyusun")
    page.click("header nav a:has-text('Penyusunan SOP')")
    page.fill("#kunci", "surat-domisili")
    page.click("#start")
    page.wait_for_selector("#editor")
    assert "P003" in findings(page, "#step-1")  # a step without a lane
    first_chart = page.inner_html("#flowchart")

    for selector, value in IDENTITY.items():
        edit(page, f"#{selector}", value)
    for name, outside in (("Pemohon", True), ("Petugas Loket", False), ("Kepala Seksi", False)):
        page.fill("#new-lane", name)
        if outside:
            page.check("#new-lane-luar")
        click(page, "#add-lane")
    for _ in STEPS[1:]:
        click(page, "#add-step")
    assert page.locator("tbody.step").count() == 6
    for number, (kegiatan, lane, amount, unit, output) in enumerate(STEPS, start=1):
        edit(page, f"#s{number}-kegiatan", kegiatan)
        choose(page, f"#s{number}-pelaksana", lane)
        page.fill(f"#s{number}-waktu", amount)
        choose(page, f"#s{number}-satuan", unit)
        edit(page, f"#s{number}-output", output)
    assert "P003" not in findings(page, "#step-1") and "M001" not in findings(page, "#step-6")
    edit(page, "#s1-kelengkapan", KELENGKAPAN)
    page.fill("#s3-pertanyaan", "Berkas lengkap?")
    page.select_option("#s3-tidak", "1")
    click(page, "#s3-keputusan-simpan")
    choose(page, "#s2-register", "Buku Register Surat Keterangan")
    chart = page.inner_html("#flowchart")
    assert chart != first_chart and "Berkas lengkap?" in chart and "Kepala Seksi" in chart  # redrawn
    remaining = page.locator(".finding").all_inner_texts()
    assert remaining == [], remaining
    assert page.is_visible("#finding-count-none")
    shot(page, "editor-1366")
    page.set_viewport_size({"width": 768, "height": 1024})
    shot(page, "editor-768")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "editor-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the lanes and steps stack as cards
    assert errors == [], errors  # no script or CSP error on the way

    with page.expect_download() as download:
        page.click("#link-export")
    folder = tmp_path / "kec-contoh"
    folder.mkdir()
    exported = folder / "surat-domisili.sop.yaml"
    download.value.save_as(exported)
    (folder / "organisasi.yaml").write_text(dump_yaml(office.organisation.definition), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["sops"], report["problems"]) == (1, []), report  # clean: no error, warning or info
    assert "Bagi penduduk pindahan" in exported.read_text() and "tidak: 1" in exported.read_text()

    page.click("#link-identity")
    page.wait_for_selector(".document")
    assert "470/01/SOP/2026" in page.inner_text(".document")
    shot(page, "editor-identity-768")


def test_two_sessions_on_one_draft_the_second_gets_the_conflict_and_nothing_is_lost(
    live_server, office: Office, writer, browser
) -> None:
    other = User.objects.create_user("penyusun-dua", password=PASSWORD)
    Writer.objects.create(user=other, organisation=office.organisation)
    from sopan.web.authoring.services import new_draft

    draft = new_draft(office.organisation, writer, start="kosong", key="bersama")
    first = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    second = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(first, live_server.url, "penyusun")
    login(second, live_server.url, "penyusun-dua")
    for page in (first, second):
        page.goto(f"{live_server.url}/penyusunan/{draft.pk}/")
    edit(first, "#f-nama", "Nama dari sesi pertama")
    second.fill("#s1-kegiatan", "Kegiatan dari sesi kedua")
    second.locator("#s1-kegiatan").dispatch_event("change")
    second.wait_for_selector("#conflict")
    message = second.inner_text("#conflict")
    assert "sudah diubah orang lain" in message and "Kegiatan dari sesi kedua" in message  # what was typed is shown
    assert second.input_value("#f-nama") == "Nama dari sesi pertama"  # the editor now shows the saved draft
    shot(second, "editor-conflict-1366")
    saved_draft = Draft.objects.get(pk=draft.pk)
    assert saved_draft.definition["nama"] == "Nama dari sesi pertama" and saved_draft.version == 2
    edit(second, "#s1-kegiatan", "Kegiatan dari sesi kedua")  # made again on the fresh version, it is saved
    assert Draft.objects.get(pk=draft.pk).definition["langkah"][0]["kegiatan"] == "Kegiatan dari sesi kedua"


def test_what_is_typed_while_a_save_is_on_its_way_is_kept_and_saved(
    live_server, office: Office, writer, browser
) -> None:
    """The writer leaves one field and types into the next while the first change is still being saved: the redraw
    that follows keeps what they typed, and it is saved after it (its own change was dropped: one request at a
    time)."""
    from sopan.web.authoring.services import new_draft

    draft = new_draft(office.organisation, writer, start="kosong", key="cepat")
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, live_server.url, "penyusun")
    page.goto(f"{live_server.url}/penyusunan/{draft.pk}/")
    held: list = []

    def hold_first(route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/ubah/", hold_first)
    page.fill("#f-nama", "Nama yang pertama disimpan")
    page.locator("#f-nama").dispatch_event("change")
    page.wait_for_function("() => document.querySelector('#editor .htmx-request') !== null")
    page.fill("#f-nomor", "800/7/SOP/2026")  # typed and left while the first save is held
    page.locator("#f-nomor").dispatch_event("change")
    page.fill("#f-jenis", "administratif")  # typed and still being typed in
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_function("() => Number(document.querySelector('#draft-version').textContent) >= 3")
    page.wait_for_function("() => !document.querySelector('#editor .htmx-request')")
    assert page.input_value("#f-nomor") == "800/7/SOP/2026" and page.input_value("#f-jenis") == "administratif"
    assert page.evaluate("document.activeElement.id") == "f-jenis"
    definition = Draft.objects.get(pk=draft.pk).definition
    assert (definition["nama"], definition["nomor"]) == ("Nama yang pertama disimpan", "800/7/SOP/2026")
    before = version(page)
    page.click("#f-peringatan")  # leaving the field still being typed in saves it too
    saved(page, before)
    assert Draft.objects.get(pk=draft.pk).definition["jenis"] == "administratif"


UNIT_IN_ITS_CELL = """n => {
  const select = document.querySelector(`#s${n}-satuan`), cell = select.closest('td');
  const output = document.querySelector(`#s${n}-output`), box = e => e.getBoundingClientRect();
  return [box(select).right, box(cell).right, box(output).left];
}"""


def test_at_1366_px_the_time_unit_stays_in_its_column(live_server, office: Office, writer, browser) -> None:
    """The longest unit, Disesuaikan, fits under the amount in the Waktu column, clear of the Output column."""
    from sopan.web.authoring.services import new_draft

    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, live_server.url, "penyusun")
    page.goto(f"{live_server.url}/penyusunan/{draft.pk}/")
    choose(page, "#s1-satuan", "Disesuaikan")
    page.fill("#s2-waktu", "120")
    choose(page, "#s2-satuan", "menit")
    for number in (1, 2):
        select, cell, output = page.evaluate(UNIT_IN_ITS_CELL, number)
        assert select <= cell < output, (number, select, cell, output)
    shot(page, "editor-waktu-1366")
    assert Draft.objects.get(pk=draft.pk).definition["langkah"][1]["waktu"] == "120 menit"


STACKED = """() => {
  const box = e => e.getBoundingClientRect(), scroll = document.querySelector('.steps-scroll');
  const controls = [...document.querySelectorAll('#editor input:not([type=hidden]), #editor select,'
    + ' #editor textarea, #editor button')].filter(e => e.offsetParent !== null);
  const cells = [...document.querySelectorAll('table.steps td[data-label], table.lanes td[data-label]')];
  return {
    page: document.documentElement.scrollWidth,
    steps: scroll.scrollWidth - scroll.clientWidth,
    off: controls.filter(e => box(e).left < 0 || box(e).right > window.innerWidth).map(e => e.id || e.name),
    labels: [...new Set(cells.map(td => getComputedStyle(td, '::before').content))],
    below: cells.filter(td => td.querySelector('input:not([type=hidden]), select, textarea'))
      .every(td => box(td.querySelector('input:not([type=hidden]), select, textarea')).top >= box(td).top + 14),
  };
}"""


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("id", ['"Kode"', '"Nama jabatan"', '"Langkah"', '"Kegiatan"', '"Pelaksana"', '"Waktu"', '"Keterangan"']),
        ("en", ['"Code"', '"Position"', '"Step"', '"Activity"', '"Lane"', '"Time"', '"Remarks"']),
    ],
)
def test_at_390_px_lanes_and_steps_stack_each_label_above_its_control_and_still_save(
    live_server, office: Office, writer, browser, lang: str, labels: list[str]
) -> None:
    """On a phone each lane and step is a card of its fields: every control can be reached without scrolling
    sideways, each under its label in the reader's language, and a change is saved as at 1366 px."""
    from sopan.web.authoring.services import new_draft

    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    login(page, live_server.url, "penyusun")
    page.goto(f"{live_server.url}/penyusunan/{draft.pk}/?lang={lang}")
    seen = page.evaluate(STACKED)
    assert (seen["page"], seen["steps"], seen["off"], seen["below"]) == (390, 0, [], True), seen
    assert set(labels) <= set(seen["labels"]), seen["labels"]
    shot(page, f"editor-390-stacked-{lang}")
    edit(page, "#s2-kegiatan", "Memeriksa berkas di telepon")
    choose(page, "#s2-satuan", "jam")
    edit(page, "#lane-kasi-nama", "Kepala Seksi Pelayanan")
    click(page, "#insert-after-1")
    assert page.locator("tbody.step").count() == len(office.version.definition["langkah"]) + 1
    assert page.evaluate(STACKED)["off"] == []
    definition = Draft.objects.get(pk=draft.pk).definition
    assert definition["langkah"][2]["kegiatan"] == "Memeriksa berkas di telepon"  # moved down by the insert
    assert definition["langkah"][2]["waktu"].endswith(" jam")
    assert next(lane["nama"] for lane in definition["pelaksana"] if lane["kode"] == "kasi") == "Kepala Seksi Pelayanan"
