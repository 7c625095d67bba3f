"""An index of a text is placed at the line and column an editor's editor shows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from botbeat_cli.store.places import Places, place
from tests.depth import examples


def _by_lines(text: str, index: int) -> tuple[int, int]:
    """The plain reading: split the text before the index into its lines."""
    before = text[:index].split("\n")
    return len(before), len(before[-1]) + 1


def test_the_first_character_of_each_line_is_column_one() -> None:
    text = "title: A\nsource:\n  url: x\n"
    assert place(text, 0) == (1, 1)
    assert place(text, text.index("url")) == (3, 3)
    assert place(text, text.index("x")) == (3, 8)
    assert place(text, len(text)) == (4, 1)  # past the last newline: a line of its own


def test_columns_count_characters_not_bytes() -> None:
    text = "título: «Ça va»\nnext: é\n"
    assert place(text, text.index("«")) == (1, 9)
    assert place(text, text.index("é")) == (2, 7)


@settings(max_examples=examples(300), deadline=None)
@given(
    st.text(alphabet="ab\n\r\té", max_size=200),
    st.lists(st.integers(min_value=0, max_value=200), max_size=30),
)
def test_places_in_any_order_are_the_plain_reading(text: str, indices: list[int]) -> None:
    ask = [min(i, len(text)) for i in indices]
    places = Places(text)
    assert [places(i) for i in sorted(ask)] == [_by_lines(text, i) for i in sorted(ask)]
    again = Places(text)  # out of order: counted from the top again, still right
    assert [again(i) for i in ask] == [_by_lines(text, i) for i in ask]
    assert [place(text, i) for i in ask] == [_by_lines(text, i) for i in ask]
