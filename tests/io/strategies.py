"""Hypothesis strategies for generated SOPs."""

from __future__ import annotations

from hypothesis import strategies as st

from sopan.model import Sop

_ALPHABET = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"))
text = st.text(_ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)
texts = st.lists(text, max_size=3)
waktu = st.one_of(
    st.sampled_from(["Disesuaikan", "Relatif", "Tentative", "14 hari.", "1Jam", "15 Menit"]),
    st.builds(
        lambda n, unit, space: f"{n}{' ' if space else ''}{unit}",
        st.integers(1, 50),  # 8 steps of at most 50 minggu stay within an SOP's total limit
        st.sampled_from(["menit", "Menit", "jam", "hari", "Hari", "minggu"]),
        st.booleans(),
    ),
)
date = st.one_of(
    st.builds(lambda y: f"{y}", st.integers(1990, 2040)),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1990, 2040), st.integers(1, 12)),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(1990, 2040), st.integers(1, 12), st.integers(1, 28)),
)
requirement = st.recursive(
    text,
    lambda children: st.fixed_dictionaries(
        {"kelompok": text, "butir": st.lists(children, max_size=3)}, optional={"kasus": st.booleans()}
    ),
    max_leaves=5,
)


@st.composite
def sops(draw) -> Sop:
    lane_names = draw(st.lists(text, min_size=1, max_size=5, unique_by=lambda s: s.lower()))
    lanes = [
        {"kode": f"lane-{i}", "nama": name, **({"pihak_luar": True} if draw(st.booleans()) else {})}
        for i, name in enumerate(lane_names)
    ]
    count = draw(st.integers(1, 8))
    targets = st.one_of(st.integers(1, count), st.just("selesai"))
    steps = []
    for _ in range(count):
        step: dict = {
            "kegiatan": draw(text),
            "pelaksana": draw(st.lists(st.sampled_from([lane["kode"] for lane in lanes]), min_size=1, max_size=2)),
        }
        optional = {
            "kelengkapan": st.lists(requirement, max_size=3),
            "waktu": waktu,
            "waktu_sumber": text,
            "output": texts,
            "keterangan": text,
            "keputusan": st.fixed_dictionaries(
                {"pertanyaan": text, "tidak": targets}, optional={"ya": targets, "label_ya": text}
            ),
            "lanjut": targets,
            "sub_sop": text,
            "register": text,
            "varian": st.lists(st.fixed_dictionaries({"kondisi": text}, optional={"waktu": waktu}), max_size=2),
            "catatan": text,
        }
        for key, strategy in optional.items():
            if draw(st.booleans()):
                step[key] = draw(strategy)
        steps.append(step)
    data: dict = {"organisasi": "org-uji", "nama": draw(text), "pelaksana": lanes, "langkah": steps}
    optional_top = {
        "nomor": text,
        "kelompok": text,
        "jenis": st.sampled_from(["administratif", "teknis"]),
        "sifat": st.sampled_from(["pelayanan", "rutin", "penugasan"]),
        "tanggal_pembuatan": date,
        "tanggal_revisi": date,
        "tanggal_efektif": date,
        "disahkan_oleh": st.fixed_dictionaries({"jabatan": text}, optional={"nama": text, "nip": text}),
        "dasar_hukum": texts,
        "keterkaitan": st.lists(
            st.one_of(st.builds(lambda s: {"sop": s}, text), st.builds(lambda s: {"instansi": s}, text)), max_size=3
        ),
        "peringatan": texts,
        "pencatatan_pendataan": texts,
        "standar_pelayanan": st.fixed_dictionaries(
            {}, optional={"jangka_waktu": waktu, "biaya_tarif": texts, "persyaratan": texts}
        ),
        "sumber": st.fixed_dictionaries({"berkas": text, "baris": st.integers(1, 5000)}),
        "catatan": texts,
    }
    for key, strategy in optional_top.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    return Sop.model_validate(data)
