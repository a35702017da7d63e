"""Places of findings in words, in both languages."""

from __future__ import annotations

import pytest

from sopan.model.places import place_in_words


@pytest.mark.parametrize(
    ("path", "indonesian", "english"),
    [
        (("langkah", 6, "waktu"), "langkah 7 › waktu", "step 7 › duration"),
        (("langkah", 2, "kelengkapan", 1), "langkah 3 › kelengkapan 2", "step 3 › requirement 2"),
        (("pelaksana", 0), "pelaksana 1", "lane 1"),
        (("kunci_tak_dikenal",), "kunci tak dikenal", "kunci tak dikenal"),
        ((), "", ""),
    ],
)
def test_key_paths_read_as_words(path: tuple, indonesian: str, english: str) -> None:
    assert place_in_words(path, "id") == indonesian
    assert place_in_words(path, "en") == english
    assert "[" not in place_in_words(path, "id")
