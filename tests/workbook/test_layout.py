"""The hidden source sheet's layout: whole lines packed into cells, read back by one rule."""

from __future__ import annotations

from pmsm_cli.workbook.layout import SOURCE_CELL_LIMIT, source_rows


def read_back(rows: list[list[str]]) -> str:
    """The reading rule of SOURCE_SHEET: join each row's cells, then the rows with line breaks."""
    return "\n".join("".join(cells) for cells in rows)


def test_short_lines_share_a_cell_until_it_is_full() -> None:
    # 5,000 lines of 9 characters: with the line breaks between them, 10 characters a
    # line, so 3,276 lines fill a cell (3,276 * 10 - 1 = 32,759 <= 32,767 and one more
    # would make 32,769); the other 1,724 lines make the second cell.
    lines = [f"line {n:04d}" for n in range(5_000)]
    rows = source_rows("\n".join(lines) + "\n")
    assert [len(cells) for cells in rows] == [1, 1]
    assert [cells[0].count("\n") + 1 for cells in rows] == [3_276, 1_724]
    assert len(rows[0][0]) == 32_759
    assert read_back(rows) == "\n".join(lines)


def test_a_line_longer_than_a_cell_has_a_row_of_its_own() -> None:
    long_line = "# " + "x" * 40_000
    text = f"before\n{long_line}\nafter\n\nend\n"
    rows = source_rows(text)
    assert rows == [
        ["before"],
        [long_line[:SOURCE_CELL_LIMIT], long_line[SOURCE_CELL_LIMIT:]],
        ["after\n\nend"],  # the empty line stays, as an empty line between the others
    ]
    assert read_back(rows) + "\n" == text


def test_characters_beyond_the_basic_plane_count_twice() -> None:
    # Excel counts UTF-16 code units: an emoji is two, so 16,384 emoji (32,768 units)
    # do not fit one cell; 16,383 of them (32,766 units) do, and the last one goes on.
    line = "\U0001f600" * 16_384
    (cells,) = source_rows(line)
    assert [len(c) for c in cells] == [16_383, 1]
    rows = source_rows("é" * 30_000 + "\n" + "é" * 5_000)  # two units too many together
    assert [len(cells[0]) for cells in rows] == [30_000, 5_000]


def test_line_ends_become_line_feeds_and_nothing_makes_no_rows() -> None:
    assert read_back(source_rows("a\r\nb\rc\n")) == "a\nb\nc"
    assert source_rows("") == []
