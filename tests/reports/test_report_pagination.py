"""The page-break rules on made-up layouts: 100-point pages with 10-point margins."""

from __future__ import annotations

from claimdesk.reports.pagination import Item, Page, next_break

PAGE = Page(100, 10, 10)


def block(*tops: float, keep: bool = False, group: int = 0) -> Item:
    return Item(tuple((t, t + 10) for t in tops), keep_with_next=keep, group=group)


def test_a_layout_that_breaks_well_needs_nothing() -> None:
    items = [block(10, 20, 30), block(40, 50), block(110, 120), block(130, 140)]
    assert next_break(items, PAGE) is None


def test_the_footer_never_stands_alone_on_the_last_page() -> None:
    items = [block(10, 20, 30, 40, 50, 60, 70), block(80), block(110)]  # the footer: 110
    assert next_break(items, PAGE) == 1  # the block before it goes over with it


def test_a_single_line_left_at_the_foot_of_a_page_moves_on() -> None:
    items = [block(10, 20, 30, 40, 50, 60, 70), block(80, 110, 120), block(130, 140)]
    assert next_break(items, PAGE) == 1


def test_a_heading_goes_with_its_text_and_a_note_is_not_cut() -> None:
    heading = [block(10, 20, 30, 40, 50, 60, 70), block(80, keep=True), block(110, 120, 130)]
    assert next_break([*heading, block(140, 150)], PAGE) == 1
    note = [block(10, 20, 30, 40, 50, 60), block(70, group=2), block(110, group=2), block(140)]
    assert next_break(note, PAGE) == 1


def test_no_break_that_would_blank_most_of_a_page_or_gain_nothing() -> None:
    tall = [block(10), *(block(t, group=2) for t in (20, 30, 40, 50, 60, 70, 80, 110)), block(140)]
    assert next_break(tall, PAGE) is None  # the note is taller than 40% of a page: cut it
    first = [block(110, 120, group=3), block(210, group=3), block(220, 230)]
    assert next_break(first, PAGE, start=0) is None  # already first on its page
