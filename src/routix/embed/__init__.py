"""Text embeddings: the ``Embedder`` port and the offline all-MiniLM-L6-v2 adapter."""

from routix.embed.minilm import (
    DIM,
    MAX_TOKENS,
    MiniLMEmbedder,
    get_embedder,
    model_file,
)
from routix.embed.ports import Embedder

__all__ = ["DIM", "MAX_TOKENS", "Embedder", "MiniLMEmbedder", "get_embedder", "model_file"]
