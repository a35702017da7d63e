"""Deterministic mutations of the library's own SOP files: the hostile inputs `check` must refuse or survive."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from sopan.model.sop import MAX_TOTAL_WORKING_DAYS
from tests.factories import LIBRARY

SOURCES = (
    "kec-bawang/pembuatan-ktp.sop.yaml",
    "biro-organisasi-kalsel/asistensi-penyusunan-sop.sop.yaml",
)
"""Two real SOPs (a service with decisions and variants; an internal procedure): each mutation is applied to both."""


@dataclass
class Mutant:
    """One hostile case: the SOP text, the organisation text, and extra files (name -> bytes or a symlink target)."""

    name: str
    sop: str
    organisation: str
    links: dict[str, str] = field(default_factory=dict)

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True)
        for name, text in (("organisasi.yaml", self.organisation), ("kasus.sop.yaml", self.sop)):
            if name not in self.links:
                (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        for name, target in self.links.items():
            (folder / name).symlink_to(target)
        return folder


def dump(data: Any) -> str:
    """Plain YAML; a value shared by two places is written as an anchor and aliases."""
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.dump(data, stream)
    return stream.getvalue()


def _load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


DataMutation = Callable[[dict[str, Any]], None]


def _set_step(key: str, value: Any, index: int = 0) -> DataMutation:
    def mutate(sop: dict[str, Any]) -> None:
        sop["langkah"][index][key] = value

    return mutate


def _set(key: str, value: Any) -> DataMutation:
    def mutate(sop: dict[str, Any]) -> None:
        sop[key] = value

    return mutate


def _every_step(key: str, value: Any) -> DataMutation:
    def mutate(sop: dict[str, Any]) -> None:
        for step in sop["langkah"]:
            step[key] = value

    return mutate


def _total_max(sop: dict[str, Any]) -> None:
    """Every step takes an equal share of the most an SOP may take altogether."""
    for step in sop["langkah"]:
        step["waktu"] = f"{MAX_TOTAL_WORKING_DAYS // len(sop['langkah'])} hari"
        for variant in step.get("varian", []):
            variant.pop("waktu", None)


def _alias_bomb(sop: dict[str, Any]) -> None:
    layer: list[Any] = ["x"] * 10
    for _ in range(6):
        layer = [layer] * 10  # one list used ten times: aliases when written
    sop["langkah"][0]["kelengkapan"] = [{"kelompok": "bom", "butir": layer}]


def _alias_small(sop: dict[str, Any]) -> None:
    shared = ["KTP", "KK"]
    sop["langkah"][0]["kelengkapan"] = shared
    sop["langkah"][-1]["kelengkapan"] = shared


def _nested(depth: int) -> DataMutation:
    def mutate(sop: dict[str, Any]) -> None:
        items: list[Any] = ["dasar"]
        for level in range(depth):
            items = [{"kelompok": f"tingkat {level}", "butir": items}]
        sop["langkah"][0]["kelengkapan"] = items

    return mutate


def _loop_forever(sop: dict[str, Any]) -> None:
    for step in sop["langkah"]:
        step.pop("keputusan", None)
        step["lanjut"] = 1


def _self_loop(sop: dict[str, Any]) -> None:
    step = sop["langkah"][0]
    step["lanjut"] = step.get("nomor", 1)


def _many_steps(sop: dict[str, Any]) -> None:
    first = copy.deepcopy(sop["langkah"][0])
    first.pop("keputusan", None)
    first.pop("lanjut", None)
    sop["langkah"] = [{**copy.deepcopy(first), "nomor": n} for n in range(1, 61)]


def _no_lanes(sop: dict[str, Any]) -> None:
    sop["pelaksana"] = []


DATA_MUTATIONS: dict[str, DataMutation] = {
    "alias-bomb": _alias_bomb,
    "alias-small": _alias_small,
    "nesting-8": _nested(8),
    "nesting-50": _nested(50),
    "nomor-10e23": _set_step("nomor", 10**23),
    "nomor-1000": _set_step("nomor", 1000),
    "nomor-negative": _set_step("nomor", -5),
    "nomor-float": _set_step("nomor", 2.5),
    "nomor-text": _set_step("nomor", "satu"),
    "waktu-huge-days": _set_step("waktu", "99999999999999999 hari"),
    "waktu-float-huge": _set_step("waktu", 1e308),
    "waktu-tiny": _set_step("waktu", "0.0000001 menit"),
    "waktu-max": _set_step("waktu", "500 hari"),
    "waktu-over-max": _set_step("waktu", "501 hari"),
    "waktu-total-max": _total_max,
    "waktu-over-total-max": _every_step("waktu", "500 hari"),
    "waktu-minutes-max": _set_step("waktu", "225000 menit"),
    "waktu-list": _set_step("waktu", ["1 jam"]),
    "tidak-10e30": _set_step("keputusan", {"pertanyaan": "Lengkap?", "tidak": 10**30}),
    "tidak-missing-step": _set_step("keputusan", {"pertanyaan": "Lengkap?", "tidak": 500}),
    "lanjut-huge": _set_step("lanjut", 10**19),
    "loop-forever": _loop_forever,
    "self-loop": _self_loop,
    "many-steps": _many_steps,
    "no-lanes": _no_lanes,
    "date-zero": _set("tanggal_pembuatan", "0000-00-00"),
    "date-20-digit-year": _set("tanggal_pembuatan", "20000000000000000000-01-01"),
    "date-int-huge": _set("tanggal_revisi", 10**20),
    "date-year-1": _set("tanggal_efektif", 1),
    "date-month-13": _set("tanggal_efektif", "2020-13-01"),
    "date-30-feb": _set("tanggal_efektif", "2020-02-30"),
    "date-list": _set("tanggal_efektif", [2020]),
    "sumber-baris-huge": _set("sumber", {"berkas": "x.txt", "baris": 10**25}),
    "langkah-text": _set("langkah", "semua"),
    "langkah-empty": _set("langkah", []),
    "pelaksana-int": _set("pelaksana", 7),
    "nama-map": _set("nama", {"a": 1}),
    "nama-huge": _set("nama", "N" * 200_000),
    "kegiatan-list": _set_step("kegiatan", ["a", "b"]),
    "kegiatan-bidi": _set_step("kegiatan", "\u202emenerima\u202c 🙂 berkas <script>alert(1)</script>"),
    "keputusan-text": _set_step("keputusan", "ya"),
    "organisasi-list": _set("organisasi", ["x"]),
    "satuan-bogus": _set("satuan_waktu", "abad"),
}


def _text_mutations(text: str) -> dict[str, str]:
    first_kegiatan = text.index("kegiatan:") + len("kegiatan:")
    return {
        "nul-byte": text[:first_kegiatan] + " a\x00b" + text[first_kegiatan:],
        "bell-escape": text[:first_kegiatan] + " \x07\x1b[31m" + text[first_kegiatan:],
        "c1-control": text[:first_kegiatan] + " \x9b" + text[first_kegiatan:],
        "lone-surrogate": text[:first_kegiatan] + " \ud800" + text[first_kegiatan:],
        "truncated-third": text[: len(text) // 3],
        "truncated-half": text[: len(text) // 2],
        "truncated-mid-quote": text[:first_kegiatan] + ' "unterminated',
        "flow-2000": text + "catatan: " + "[" * 2000 + "]" * 2000 + "\n",
        "flow-30000": text + "catatan: " + "[" * 30000 + "]" * 30000 + "\n",
        "flow-map-2000": text + "catatan: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n",
        "block-1500": text + "catatan:\n" + "".join(" " * i + "-\n" for i in range(1, 1500)),
        "compact-1500": text + "catatan:\n  " + "- " * 1500 + "x\n",
        "duplicate-key": text + "nama: lagi\n",
        "merge-key": "dasar: &d {organisasi: x}\n<<: *d\n" + text,
        "tab-indent": text.replace("\n  - ", "\n\t- ", 3),
        "empty": "",
        "document-marker": "---\n",
        "null": "null\n",
        "top-level-list": "- a\n- b\n",
        "two-documents": text + "\n---\nnama: kedua\n",
        "python-tag": text + "x: !!python/object/apply:os.system ['true']\n",
        "binary-tag": text + "catatan: !!binary aGVsbG8=\n",
        "timestamp-bad": text + "tanggal_revisi: 2020-00-00\n",
        "huge-int-literal": text + "catatan: " + "9" * 5000 + "\n",
        "oversize": text + "catatan: |\n" + ("  " + "x" * 100 + "\n") * 11_000,
    }


_ONE_HOUR_A_WEEK = "jam_kerja:\n  senin: '08:00-09:00'\n"


def _organisation_mutations(organisation: str) -> dict[str, tuple[str, dict[str, str]]]:
    return {
        "one-hour-a-week": (organisation + _ONE_HOUR_A_WEEK, {}),
        "zona-mars": (organisation + "zona_waktu: Mars/Olympus\n", {}),
        "zona-traversal": (organisation + "zona_waktu: ../../etc/passwd\n", {}),
        "logo-traversal": (organisation + "logo: ../../../../etc/hostname\n", {}),
        "logo-absolute": (organisation + "logo: /etc/hostname\n", {}),
        "logo-symlink-out": (organisation + "logo: logo.png\n", {"logo.png": "/etc/hostname"}),
        "logo-missing": (organisation + "logo: tidak-ada.png\n", {}),
        "logo-dev-zero": (organisation + "logo: logo.png\n", {"logo.png": "/dev/zero"}),
        "logo-folder": (organisation + "logo: .\n", {}),
        "organisation-deep": (organisation + "catatan: " + "[" * 30000 + "]" * 30000 + "\n", {}),
        "organisation-nul": (organisation + "alamat: a\x00\n", {}),
        "organisation-dev-zero": ("", {"organisasi.yaml": "/dev/zero"}),
    }


def mutants() -> Iterator[Mutant]:
    """Every mutation applied to every source SOP, in a fixed order."""
    for source in SOURCES:
        path = LIBRARY / source
        text = path.read_text(encoding="utf-8")
        organisation_data = _load((path.parent / "organisasi.yaml").read_text(encoding="utf-8"))
        organisation_data.pop("keputusan", None)  # its decrees list SOP files this folder does not hold
        organisation = dump(organisation_data)
        base = source.split("/")[0]
        data = _load(text)
        for name, mutate in DATA_MUTATIONS.items():
            changed = copy.deepcopy(data)
            mutate(changed)
            yield Mutant(f"{base}:{name}", dump(changed), organisation)
        for name, mutated in _text_mutations(text).items():
            yield Mutant(f"{base}:{name}", mutated, organisation)
        for name, (org_text, links) in _organisation_mutations(organisation).items():
            yield Mutant(f"{base}:{name}", text, org_text, links)
        longest = copy.deepcopy(data)
        _total_max(longest)
        yield Mutant(f"{base}:total-max-one-hour-week", dump(longest), organisation + _ONE_HOUR_A_WEEK)
        yield Mutant(f"{base}:sop-dev-zero", "", organisation, {"kasus.sop.yaml": "/dev/zero"})
