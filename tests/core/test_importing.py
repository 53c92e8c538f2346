"""Reading article files: formats, encodings, line endings, refusals and folder expansion."""

from __future__ import annotations

import codecs
import datetime
import hashlib
import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdesk.core.errors import ImportFailure
from claimdesk.core.importing import (
    MAX_BYTES,
    ArticleDraft,
    draft_from_bytes,
    expand_paths,
    normalise_text,
    read_article,
    text_sha256,
)

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Fujitsu signs AI partnership | Example News</title>
<link rel="canonical" href="https://news.example.com/2024/05/fujitsu-partnership">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-05-03T10:00:00Z">
</head>
<body>
<header><a href="/">Example News</a></header>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<article>
<h1>Fujitsu signs AI partnership</h1>
<p>Fujitsu said on Friday that it had signed a partnership with Anthropic worth about
$100 million over three years.</p>
<p>The company expects revenue from AI services to double by 2026, according to its chief
executive, who spoke to reporters in Tokyo.</p>
<p>Analysts said the deal was the largest of its kind for a Japanese systems integrator
this year.</p>
</article>
<footer>Copyright 2024 Example News</footer>
</body>
</html>
"""

CP1252_TEXT = "He said “no” to the café deal — a naïve résumé."
JAPANESE_TEXT = "日本の首相は昨日、東京で記者会見を開いた。\n経済成長率は二パーセントだった。"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def failure_of(path: Path) -> ImportFailure:
    with pytest.raises(ImportFailure) as caught:
        read_article(path)
    assert caught.value.path == str(path)
    assert path.name in str(caught.value)
    return caught.value


# --- formats ---------------------------------------------------------------------------


def test_txt_headline_is_the_title_and_leaves_the_text(tmp_path: Path) -> None:
    path = write(tmp_path, "report.txt", "\n\n  Fujitsu signs deal  \n\nIt was signed on Friday.\n")
    assert read_article(path) == ArticleDraft(
        title="Fujitsu signs deal",
        text="It was signed on Friday.",
        origin="report.txt",
        earlier_sha256=text_sha256("  Fujitsu signs deal\n\nIt was signed on Friday."),
    )


def test_title_skips_lines_without_letters_or_digits(tmp_path: Path) -> None:
    assert read_article(write(tmp_path, "a.txt", "*****\n2024 budget\n")).title == "2024 budget"
    assert read_article(write(tmp_path, "b.txt", "!!!\n???\n")).title == "!!! ???"


def test_long_first_line_is_clipped_at_a_word_for_the_title(tmp_path: Path) -> None:
    line = "word " * 100
    draft = read_article(write(tmp_path, "long.txt", line))
    assert len(draft.title) <= 200
    assert draft.title.endswith("word…")
    assert draft.text == line.rstrip()


PARAGRAPH = (
    "In a move shaking up the enterprise AI landscape, Fujitsu today revealed a strategic "
    "partnership with the AI safety and research company Anthropic. The deal was announced "
    "on May 27, 2026."
)


@pytest.mark.parametrize(
    ("source", "title", "text"),
    [
        pytest.param(
            "Council approves budget\n\nThe council voted on Monday.",
            "Council approves budget",
            "The council voted on Monday.",
            id="headline-then-blank-line",
        ),
        pytest.param(  # a sentence may be the main claim: it stays in the text
            "Council approves budget.\n\nThe council voted.",
            "Council approves budget",
            None,
            id="short-sentence-then-blank-line-stays",
        ),
        pytest.param(
            "Inflation rose to 4.1% in May, the ONS said.\n\nPrices rose.",
            "Inflation rose to 4.1% in May, the ONS said",
            None,
            id="one-sentence-paragraph-stays",
        ),
        pytest.param(
            "Mayor Smith said on Tuesday that the city would spend more on\n"
            "Main Street repairs next year.",
            "Mayor Smith said on Tuesday that the city would spend more on Main Street…",
            None,
            id="hard-wrapped-line-before-a-capital-stays",
        ),
        pytest.param(
            "Fujitsu Q3 results\nFujitsu said sales rose 12% in 2025.",
            "Fujitsu Q3 results",
            "Fujitsu said sales rose 12% in 2025.",
            id="heading-without-blank-line",
        ),
        pytest.param(
            "Is Fujitsu's AI safe?\nExperts say it is.",
            "Is Fujitsu's AI safe?",
            "Experts say it is.",
            id="question-headline",
        ),
        pytest.param(
            f"{PARAGRAPH}\n\nSecond paragraph.",
            "In a move shaking up the enterprise AI landscape, Fujitsu today revealed a…",
            None,
            id="paragraph-first",
        ),
        pytest.param(
            "The council approved the budget on Monday after a long debate.\n\nIt costs 4m.",
            "The council approved the budget on Monday after a long debate",
            None,
            id="sentence-with-full-stop-then-blank-line",
        ),
        pytest.param(
            "In a move shaking up the enterprise AI landscape, Fujitsu today revealed\n"
            "a strategic partnership. It was signed on Friday.",
            "In a move shaking up the enterprise AI landscape, Fujitsu today revealed a…",
            None,
            id="hard-wrapped-paragraph",
        ),
        pytest.param(
            "Mr. Smith said sales rose. Others disagreed.",
            "Mr. Smith said sales rose",
            None,
            id="abbreviation-is-no-sentence-end",
        ),
        pytest.param(
            " ".join(["word"] * 31) + "\n\nBody.",
            " ".join(["word"] * 16) + "…",
            None,
            id="too-many-words",
        ),
        pytest.param(
            "Fujitsu announces the expansion of its partnership with Palantir, despite the "
            "company being under fire for its collaboration with the Israeli military\n\n"
            "Fujitsu announces that it has signed a new licence agreement.",
            "Fujitsu announces the expansion of its partnership with Palantir, despite the "
            "company being under fire for its collaboration with the Israeli military",
            "Fujitsu announces that it has signed a new licence agreement.",
            id="long-headline-without-a-full-stop",
        ),
        pytest.param("Only one line", "Only one line", None, id="one-line-stays-text"),
    ],
)
def test_txt_title_guess(tmp_path: Path, source: str, title: str, text: str | None) -> None:
    draft = read_article(write(tmp_path, "a.txt", source))
    assert draft.title == title
    assert len(draft.title) <= (81 if text is None else 200)  # a sentence's title is clipped
    assert draft.text == (source if text is None else text)
    # Claims index the stored text: the title line is gone from it, not shown twice.
    assert draft.earlier_sha256 == (None if text is None else text_sha256(source))


def test_a_txt_imported_before_its_title_line_left_the_text_is_still_a_duplicate(
    tmp_path: Path, store
) -> None:
    from claimdesk.core.services.articles import import_draft

    source = "Council approves budget\n\nThe council voted on Monday."
    with store.transaction() as session:  # as earlier versions stored it: title line kept
        old = ArticleDraft("Council approves budget", source, "a.txt")
        first = import_draft(session, old).article.id
    with store.transaction() as session:
        again = import_draft(session, read_article(write(tmp_path, "a.txt", source)))
    assert (again.created, again.article.id) == (False, first)


def test_markdown_title_is_first_level_one_heading_and_text_stays_verbatim(
    tmp_path: Path,
) -> None:
    source = (
        "Intro line\n\n```python\n# not a heading\n```\n\n## Background\n\n"
        "# The real title #\n\nBody with **bold** and [a link](https://example.com).\n"
    )
    draft = read_article(write(tmp_path, "notes.md", source))
    assert draft.title == "The real title"
    assert draft.text == source.rstrip()
    assert draft.origin == "notes.md"


@pytest.mark.parametrize("name", ["notes.md", "notes.markdown", "NOTES.MD"])
def test_markdown_without_level_one_heading_uses_first_line_without_marks(
    tmp_path: Path, name: str
) -> None:
    draft = read_article(write(tmp_path, name, "## C# in practice ##\n\nBody.\n"))
    assert draft.title == "C# in practice"
    assert draft.text == "## C# in practice ##\n\nBody."


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("# Title #", "Title"),
        ("# Title ## ##", "Title ##"),
        ("#\tTabbed\t#\t", "Tabbed"),
        ("   # Indented", "Indented"),
        ("# C#", "C#"),
        ("# Ends with# ", "Ends with#"),
        ("#NoSpace", "#NoSpace"),  # not a heading: the first line as it is
        ("####### Seven", "####### Seven"),
    ],
)
def test_markdown_heading_marks_are_removed_as_commonmark_does(
    tmp_path: Path, line: str, title: str
) -> None:
    assert read_article(write(tmp_path, "h.md", f"{line}\n\nBody.\n")).title == title


def test_markdown_front_matter_may_close_with_dots(tmp_path: Path) -> None:
    source = "---\ntitle: Dotted\n\n- item\n...\nBody.\n"
    draft = read_article(write(tmp_path, "dots.md", source))
    assert (draft.title, draft.text) == ("Dotted", "Body.")


def test_one_huge_line_gives_a_clipped_title(tmp_path: Path) -> None:
    draft = read_article(write(tmp_path, "line.txt", "word " * 1_000_000))
    assert draft.title == ("word " * 16).strip() + "…"


def test_markdown_front_matter_gives_metadata_and_is_not_article_text(tmp_path: Path) -> None:
    source = (
        "---\n"
        'title: "Deal signed"\n'
        "author: Jane Doe\n"
        "date: 2024-05-03T10:00:00Z\n"
        "url: https://news.example.com/deal\n"
        "lang: en-US\n"
        "tags:\n"
        "  - business\n"
        "---\n"
        "\n"
        "# Heading in the body\n"
        "Fujitsu signed a deal.\n"
    )
    draft = read_article(write(tmp_path, "deal.md", source))
    assert draft == ArticleDraft(
        title="Deal signed",
        text="# Heading in the body\nFujitsu signed a deal.",
        origin="deal.md",
        source_url="https://news.example.com/deal",
        author="Jane Doe",
        published=datetime.date(2024, 5, 3),
        language="en",
    )


def test_markdown_thematic_break_is_not_front_matter(tmp_path: Path) -> None:
    source = "---\nA sentence, not metadata.\n---\nMore text.\n"
    draft = read_article(write(tmp_path, "rules.md", source))
    assert draft.text == source.rstrip()
    assert draft.title == "A sentence, not metadata."


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    draft = read_article(write(tmp_path, "page.html", ARTICLE_HTML))
    assert draft.title == "Fujitsu signs AI partnership"
    assert draft.origin == "page.html"
    assert draft.source_url == "https://news.example.com/2024/05/fujitsu-partnership"
    assert draft.author == "Jane Doe"
    assert draft.published == datetime.date(2024, 5, 3)
    assert draft.language == "en"
    lines = draft.text.split("\n")
    assert lines[1].startswith("Fujitsu said on Friday that it had signed a partnership")
    assert lines[2].startswith("The company expects revenue from AI services")
    assert lines[3].startswith("Analysts said the deal")
    for chrome in ("Home", "Business", "Copyright"):
        assert chrome not in draft.text


def test_html_without_title_or_metadata_falls_back_to_first_line(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} says that the council approved a budget of {n} million pounds "
        "after a long debate on Tuesday evening.</p>"
        for n in range(1, 5)
    )
    page = f"<html><body><div>{paragraphs}</div></body></html>"
    draft = read_article(write(tmp_path, "bare.htm", page))
    assert draft.title.startswith("Paragraph 1 says that the council approved")
    assert draft.text.split("\n")[0] == draft.title
    assert len(draft.text.split("\n")) == 4
    assert (draft.source_url, draft.author, draft.published, draft.language) == (None,) * 4


# --- encodings and line endings --------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(CP1252_TEXT.encode("cp1252"), CP1252_TEXT, id="cp1252"),
        pytest.param("café".encode("cp1252"), "café", id="cp1252-short"),
        pytest.param(JAPANESE_TEXT.encode("shift_jis"), JAPANESE_TEXT, id="shift_jis"),
        pytest.param(codecs.BOM_UTF8 + CP1252_TEXT.encode(), CP1252_TEXT, id="utf-8-bom"),
        pytest.param(CP1252_TEXT.encode(), CP1252_TEXT, id="utf-8"),
        pytest.param(JAPANESE_TEXT.encode("utf-16"), JAPANESE_TEXT, id="utf-16"),
        pytest.param(
            codecs.BOM_UTF16_LE + CP1252_TEXT.encode("utf-16-le"), CP1252_TEXT, id="utf-16-le"
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + CP1252_TEXT.encode("utf-16-be"), CP1252_TEXT, id="utf-16-be"
        ),
        pytest.param(JAPANESE_TEXT.encode("utf-32"), JAPANESE_TEXT, id="utf-32"),
    ],
)
def test_encodings_decode_to_the_right_text(tmp_path: Path, data: bytes, expected: str) -> None:
    draft = read_article(write(tmp_path, "article.txt", data))
    assert draft.text == expected
    assert draft.title == expected.split("\n")[0].removesuffix(".")


@pytest.mark.parametrize(
    ("encoding", "declaration"),
    [
        ("cp1252", '<meta charset="windows-1252">'),
        ("cp1252", '<meta charset="ISO-8859-1">'),  # browsers read Latin-1 as Windows-1252
        ("shift_jis", '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'),
    ],
)
def test_html_meta_charset_is_honoured(tmp_path: Path, encoding: str, declaration: str) -> None:
    body = CP1252_TEXT if encoding == "cp1252" else JAPANESE_TEXT.replace("\n", "</p><p>")
    page = f"<html><head>{declaration}<title>T</title></head><body><p>{body}</p></body></html>"
    draft = read_article(write(tmp_path, "page.html", page.encode(encoding)))
    assert draft.text == (CP1252_TEXT if encoding == "cp1252" else JAPANESE_TEXT)


def test_utf8_page_with_a_stale_latin1_declaration_is_read_as_utf8(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{CP1252_TEXT}</p></body></html>'
    assert read_article(write(tmp_path, "page.html", page)).text == CP1252_TEXT


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_endings_become_lf_and_hash_like_lf(tmp_path: Path, newline: str) -> None:
    lf_text = "Title\n\nFirst paragraph.\nSecond paragraph."
    draft = read_article(write(tmp_path, "a.txt", lf_text.replace("\n", newline)))
    assert (draft.title, draft.text) == ("Title", "First paragraph.\nSecond paragraph.")
    assert draft.earlier_sha256 == text_sha256(lf_text)


def test_trailing_whitespace_of_every_kind_is_dropped_and_inner_whitespace_kept() -> None:
    # What the former pattern `[^\S\n]+$` stripped: every `\s` that is not a line break.
    blank = re.compile(r"\s")
    spaces = [chr(n) for n in range(0x10000) if blank.fullmatch(chr(n))]
    spaces = [c for c in spaces if len(f"a{c}b".splitlines()) == 1]
    text = "\n".join(f"x{space}y{space * 3}" for space in spaces)
    expected = "\n".join(f"x{space}y" for space in spaces)
    assert len(spaces) == 19
    assert normalise_text(text) == unicodedata.normalize("NFC", expected)  # U+2000 -> U+2002


# --- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.md", b" \r\n\t\n  ", "file is empty (only whitespace)"),
        ("bom-only.txt", codecs.BOM_UTF8, "file is empty (only whitespace)"),
        (
            "picture.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
            "binary file (contains NUL bytes), not text",
        ),
        (
            "noise.txt",
            bytes(range(128, 256)) * 3,
            "not text, or in a text encoding that cannot be recognised",
        ),
        (
            "broken.txt",
            codecs.BOM_UTF16_LE + b"\x00\xd8",
            "not valid UTF-16 despite its byte-order mark",
        ),
        (
            "paper.pdf",
            b"%PDF-1.7",
            "unsupported file type .pdf; Claimdesk imports .txt, .md, .html",
        ),
        (
            "README",
            b"text",
            "unsupported file type (no extension); Claimdesk imports .txt, .md, .html",
        ),
        (
            "menu.html",
            b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a>"
            b"<a href='/news'>News</a></nav><footer>Contact us</footer></body></html>",
            "no article text found in the page",
        ),
        ("front.md", b"---\ntitle: Only metadata\n---\n", "file has front matter but no text"),
    ],
)
def test_bad_files_fail_with_one_line_naming_file_and_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = write(tmp_path, name, data)
    failure = failure_of(path)
    assert failure.reason == reason
    assert str(failure) == f"{path}: {reason}"
    assert "\n" not in str(failure)


def test_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(int(21.25 * 2**20))  # sparse: costs no disk

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    assert failure_of(path).reason == "file is 21.3 MB; the limit is 20 MB"


def test_file_of_exactly_the_limit_is_accepted() -> None:
    data = (b"x" * 99 + b"\n") * (MAX_BYTES // 100) + b"y" * (MAX_BYTES % 100)
    assert len(data) == MAX_BYTES
    assert draft_from_bytes(data, "big.txt").title == "x" * 80 + "…"


def test_unreadable_file_reports_permission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "secret.txt", "text")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)  # chmod does not stop root, who may run this
    assert failure_of(path).reason == "permission denied"


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    assert failure_of(tmp_path / "gone.txt").reason == "no such file or folder"
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert failure_of(folder).reason == "is a folder, not a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert failure_of(pipe).reason == "is not a regular file"


def test_draft_from_bytes_names_the_resource_in_failures() -> None:
    with pytest.raises(ImportFailure, match=r"^seed\.txt: file is empty$"):
        draft_from_bytes(b"", "seed.txt")
    with pytest.raises(ImportFailure, match=r"^seed\.doc: unsupported file type \.doc;"):
        draft_from_bytes(b"text", "seed.doc")
    with pytest.raises(ImportFailure, match=r"^seed\.txt: file is 20\.1 MB; the limit is 20 MB$"):
        draft_from_bytes(b"x" * (MAX_BYTES + 1), "seed.txt")


def test_bundled_seeds_import() -> None:
    seeds = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
    assert seeds
    for entry in seeds:
        draft = draft_from_bytes(entry.read_bytes(), entry.name)
        assert draft.origin == entry.name
        assert 0 < len(draft.title) <= 200
        assert draft.text == normalise_text(draft.text)


# --- folder expansion ------------------------------------------------------------------


def test_expand_paths_recurses_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    for name in [
        "b.txt",
        "A.md",
        "c.html",
        "notes.pdf",
        ".hidden.txt",
        ".git/config.txt",
        "sub/z.htm",
        "sub/a.markdown",
        "sub/deeper/x.txt",
        "Sub2/y.TXT",
    ]:
        write(root, name, "text")
    loose = write(tmp_path, "loose.pdf", "given explicitly")
    hidden = write(tmp_path, ".given.txt", "given explicitly")

    found = list(expand_paths([root, loose, hidden, tmp_path / "missing"]))

    relative = [p.relative_to(root).as_posix() for p in found[:-3] if isinstance(p, Path)]
    assert relative == [
        "A.md",
        "b.txt",
        "c.html",
        "sub/a.markdown",
        "sub/deeper/x.txt",
        "sub/z.htm",
        "Sub2/y.TXT",
    ]
    assert found[-3:-1] == [loose, hidden]
    missing = found[-1]
    assert isinstance(missing, ImportFailure)
    assert str(missing) == f"{tmp_path / 'missing'}: no such file or folder"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_expand_paths_does_not_follow_folder_links(tmp_path: Path) -> None:
    root = tmp_path / "loop"
    write(root, "a.txt", "text")
    (root / "back").symlink_to(root, target_is_directory=True)
    assert list(expand_paths([root])) == [root / "a.txt"]


def test_expand_paths_is_lazy_and_keeps_going_after_a_failure(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "text")
    results = expand_paths([tmp_path / "nope.md", good])
    assert isinstance(next(results), ImportFailure)
    assert next(results) == good


# --- normalisation and hashing ---------------------------------------------------------


def test_normalise_text_rules() -> None:
    raw = "\ufeff\n \t\n  Indented first line  \r\nCafe\u0301\u2028next\r\rend \u00a0\n\n"
    assert normalise_text(raw) == "  Indented first line\nCafé\nnext\n\nend"


def test_text_sha256_is_sha256_of_the_utf8_text_as_given() -> None:
    """Drafts' texts are normalised already: hashing must not normalise them a second time."""
    assert text_sha256("abc") == hashlib.sha256(b"abc").hexdigest()
    assert text_sha256(normalise_text("Cafe\u0301\r\n")) == text_sha256("Café")
    assert text_sha256("abc") != text_sha256("abd")


# Line breaks of every kind, BOMs, spaces and combining marks: where normalising could go wrong.
TRICKY = st.sampled_from(
    list("ae\u0301\u0327 \t\xa0\u2000\u3000\r\n\v\f\x1c\x85\u2028\u2029\ufeff")
)


@given(st.text() | st.text(alphabet=TRICKY))
def test_normalise_text_is_idempotent_and_canonical(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\r" not in once
    assert once.splitlines() == (once.split("\n") if once else [])
    assert once == once.rstrip()
    assert not once.startswith(("\n", "\ufeff"))
    assert all(line == line.rstrip() for line in once.split("\n"))
