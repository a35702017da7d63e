"""A noted step is followed through moves, insertions, edits and deletion by matching the steps' fingerprints."""

from __future__ import annotations

from sopan.web.review.anchors import fingerprints, follow


def _steps(*names: str) -> list[str]:
    return fingerprints({"langkah": [{"kegiatan": name, "pelaksana": "loket"} for name in names]})


def test_a_step_is_found_after_an_insertion_before_it() -> None:
    assert follow(_steps("A", "B", "C"), 1, _steps("A", "X", "B", "C")) == 2


def test_a_moved_step_is_found_by_its_content() -> None:
    assert follow(_steps("A", "B", "C", "D"), 1, _steps("A", "C", "D", "B")) == 3
    assert follow(_steps("A", "B", "C", "D"), 2, _steps("A", "C", "D", "B")) == 1


def test_a_step_edited_in_place_keeps_its_note() -> None:
    assert follow(_steps("A", "B", "C"), 1, _steps("A", "B diperbaiki", "C")) == 1


def test_a_deleted_step_is_gone_and_comes_back_after_an_undo() -> None:
    before = _steps("A", "B", "C")
    assert follow(before, 1, _steps("A", "C")) is None
    assert follow(before, 1, before) == 1


def test_equal_steps_keep_their_order() -> None:
    assert follow(_steps("K", "K", "K"), 2, _steps("K", "K", "X", "K")) == 3


def test_an_index_outside_the_list_is_gone() -> None:
    assert follow(_steps("A"), 5, _steps("A")) is None
