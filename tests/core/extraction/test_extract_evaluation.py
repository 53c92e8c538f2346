"""evaluate_tsv on small files written by the tests, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.extraction.evaluation import evaluate_tsv, metrics, read_labelled
from claimdesk.core.extraction.extractor import score_sentences

ROWS = [
    ("We're consuming 50 percent of the world's cocaine.", 1),
    ("Unemployment rose to 10.2 percent in 1982.", 1),
    ("The deficit was $1.4 trillion last year.", 1),
    ("Let me help the governor.", 0),
    ("Thank you very much.", 0),
    ("What do you think?", 0),
]


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "labelled.tsv"
    path.write_text(body, encoding="utf-8")
    return path


def test_metrics_counts_the_positive_class() -> None:
    assert metrics([0.9, 0.8, 0.1, 0.7], [1, 0, 1, 0], 0.5) == pytest.approx((1 / 3, 0.5, 0.4))
    assert metrics([0.1], [1], 0.5) == (0.0, 0.0, 0.0)


def test_read_labelled_uses_the_header_and_no_quoting(tmp_path: Path) -> None:
    path = _write(tmp_path, 'label\tid\ttext\n1\ta\tHe said "no" 5 times\n0\tb\tHi\n\n')
    assert read_labelled(path) == (['He said "no" 5 times', "Hi"], [1, 0])


@pytest.mark.slow
def test_evaluate_small_file(tmp_path: Path) -> None:
    body = "id\ttext\tlabel\n" + "".join(f"r{i}\t{t}\t{y}\n" for i, (t, y) in enumerate(ROWS))
    result = evaluate_tsv(_write(tmp_path, body))
    assert (result.n, result.positives) == (6, 3)
    assert result.f1 == pytest.approx(1.0)
    assert len(result.sweep) == 19
    data = result.to_dict()
    assert data["f1"] == 1.0 and data["sweep"][0]["threshold"] == 0.05
    text = result.format_text()
    assert "F1 1.000" in text and "labelled.tsv" in text
    assert "model: sentence\n" in text and data["model"] == "sentence" and data["notice"] is None


@pytest.mark.slow
def test_explicit_threshold_is_used(tmp_path: Path) -> None:
    body = "id\ttext\tlabel\n" + "".join(f"r{i}\t{t}\t{y}\n" for i, (t, y) in enumerate(ROWS))
    scores = [value for value, _ in score_sentences([t for t, _ in ROWS])]
    cut = sorted(scores)[-2]  # only the best-scored sentence clears it
    result = evaluate_tsv(_write(tmp_path, body), threshold=cut + 1e-9)
    assert result.threshold == cut + 1e-9
    assert (result.precision, result.recall) == (1.0, pytest.approx(1 / 3))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("id\tsentence\tlabel\n1\tx\t1\n", "'text' and a 'label' column"),
        ("", "'text' and a 'label' column"),
        ("id\ttext\tlabel\n1\tx\tmaybe\n", "line 2"),
        ("id\ttext\tlabel\n1\tx\n", "line 2"),
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ClaimdeskError, match=message) as info:
        read_labelled(path)
    assert str(path) in str(info.value)


def test_missing_and_binary_files_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ClaimdeskError, match=r"nope\.tsv"):
        read_labelled(tmp_path / "nope.tsv")
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"text\tlabel\n\xff\xfe\x00\t1\n")
    with pytest.raises(ClaimdeskError, match=r"binary\.tsv"):
        evaluate_tsv(binary)
