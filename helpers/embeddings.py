"""Chapter 3: token ids become vectors, and each vector learns where in the sequence it sits.

- `InputEmbedding`: what a GPT feeds its first transformer block, token embedding + position
  embedding, then dropout. Positions are learned (GPT-2) or the fixed sinusoidal table of the
  original transformer.
- `sinusoidal_encoding`: that table, PE[pos, 2i] = sin(pos / 10000^(2i/dim)) and
  PE[pos, 2i+1] = cos(pos / 10000^(2i/dim)).
- `pca_2d` and `nearest_neighbours`: the two tools the chapter uses to look at an embedding
  space (a 2-D picture, and the closest words by cosine similarity).

Not handled here: relative or rotary position schemes (RoPE, ALiBi), padding masks (every
id in a batch is treated as a real token), sequences longer than `context_length` (they are
refused with a clear error, never truncated), and tokenizing text (chapter 2).
"""

from __future__ import annotations

import math

import torch
from torch import nn

POSITION_KINDS = ("learned", "sinusoidal")


def sinusoidal_encoding(context_length: int, dim: int, base: float = 10000.0) -> torch.Tensor:
    """The fixed position table of "Attention Is All You Need": returns (context_length, dim).

    Column pair (2i, 2i+1) is a sine and a cosine of `pos * w_i` with angular frequency
    w_i = base^(-2i/dim): the first pair turns fastest (one radian per position), the last
    slowest. Because sin/cos of (pos + k) are a rotation of sin/cos of pos, the dot product
    of rows pos and pos + k depends only on the offset k, not on pos.
    """
    for value, name in ((context_length, "context_length"), (dim, "dim")):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")
    if dim % 2:
        raise ValueError(f"dim must be even (sine and cosine come in pairs), got {dim}")
    positions = torch.arange(context_length, dtype=torch.float64).unsqueeze(1)  # (ctx, 1)
    # Frequencies computed in float64 and cast once at the end, so row values match the
    # formula to float32 precision even at large positions.
    freqs = base ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)  # (dim/2,)
    angles = positions * freqs  # (ctx, dim/2)
    table = torch.empty(context_length, dim, dtype=torch.float64)
    table[:, 0::2] = torch.sin(angles)
    table[:, 1::2] = torch.cos(angles)
    return table.to(torch.float32)


class InputEmbedding(nn.Module):
    """Token embedding + position embedding, then dropout.

    ids (batch, seq_len) -> vectors (batch, seq_len, emb_dim).

    Args:
        vocab_size: number of distinct token ids; valid ids are 0 .. vocab_size - 1.
        context_length: the longest sequence the model accepts (rows of the position table).
        emb_dim: length of each vector.
        drop_rate: dropout probability on the sum (active only in `train()` mode).
        positions: "learned" (an `nn.Embedding` trained with the model, as in GPT-2) or
            "sinusoidal" (the fixed table from `sinusoidal_encoding`, stored as a buffer).

    Attributes:
        token_embedding: `nn.Embedding(vocab_size, emb_dim)`; row i is the vector of id i.
        position_embedding: `nn.Embedding(context_length, emb_dim)` when positions="learned",
            else None (the table is the buffer `position_table`).
    """

    def __init__(self, vocab_size: int, context_length: int, emb_dim: int,
                 drop_rate: float = 0.0, positions: str = "learned") -> None:
        super().__init__()
        for value, name in ((vocab_size, "vocab_size"), (context_length, "context_length"),
                            (emb_dim, "emb_dim")):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
            if value < 1:
                raise ValueError(f"{name} must be at least 1, got {value}")
        if not 0.0 <= drop_rate < 1.0:
            raise ValueError(f"drop_rate must be in [0, 1), got {drop_rate}")
        if positions not in POSITION_KINDS:
            raise ValueError(f"positions must be one of {POSITION_KINDS}, got {positions!r}")
        self.vocab_size = vocab_size
        self.context_length = context_length
        self.emb_dim = emb_dim
        self.positions = positions
        self.token_embedding = nn.Embedding(vocab_size, emb_dim)
        self.position_embedding: nn.Embedding | None = None
        if positions == "learned":
            self.position_embedding = nn.Embedding(context_length, emb_dim)
        else:
            self.register_buffer("position_table", sinusoidal_encoding(context_length, emb_dim))
        self.dropout = nn.Dropout(drop_rate)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """ids: (batch, seq_len) integer tensor -> (batch, seq_len, emb_dim)."""
        self._check_ids(ids)
        seq_len = ids.shape[1]
        tokens = self.token_embedding(ids)  # (batch, seq_len, emb_dim)
        if self.position_embedding is not None:
            pos = self.position_embedding(torch.arange(seq_len, device=ids.device))
        else:
            pos = self.position_table[:seq_len]  # (seq_len, emb_dim)
        # pos broadcasts over the batch: every sequence gets the same position vectors.
        return self.dropout(tokens + pos)

    def _check_ids(self, ids: torch.Tensor) -> None:
        """Refuse bad input here, with the reason, instead of an index error deep in torch."""
        if not isinstance(ids, torch.Tensor):
            raise TypeError(f"ids must be a torch.Tensor of token ids, got {type(ids).__name__}; "
                            "wrap a list with torch.tensor([ids])")
        if ids.dtype.is_floating_point or ids.dtype.is_complex or ids.dtype == torch.bool:
            raise TypeError(f"ids must be an integer tensor (torch.long), got dtype {ids.dtype}")
        if ids.dim() != 2:
            hint = "; for one sequence use ids.unsqueeze(0)" if ids.dim() == 1 else ""
            raise ValueError(f"ids must have shape (batch, seq_len), got shape "
                             f"{tuple(ids.shape)}{hint}")
        seq_len = ids.shape[1]
        if seq_len == 0:
            raise ValueError("ids has seq_len 0: there is nothing to embed")
        if seq_len > self.context_length:
            raise ValueError(f"sequence of {seq_len} tokens is longer than the context length "
                             f"{self.context_length}; keep only the last {self.context_length} "
                             "tokens, e.g. ids[:, -context_length:]")
        bad = (ids < 0) | (ids >= self.vocab_size)
        if bad.any():
            batch, pos = (int(i) for i in bad.nonzero()[0])
            raise ValueError(f"token id {int(ids[batch, pos])} at [batch {batch}, position {pos}] "
                             f"is outside the vocabulary: valid ids are 0 .. {self.vocab_size - 1}")


def pca_2d(vectors: torch.Tensor) -> torch.Tensor:
    """Project vectors (n, dim) onto their two main directions of spread: returns (n, 2).

    Centres the rows, takes the top two right singular vectors, and fixes each one's sign
    (its largest-magnitude entry positive) so the same input always gives the same picture.
    """
    if not isinstance(vectors, torch.Tensor) or vectors.dim() != 2:
        got = tuple(vectors.shape) if isinstance(vectors, torch.Tensor) else type(vectors).__name__
        raise ValueError(f"vectors must be a 2-D tensor (n, dim), got {got}")
    n, dim = vectors.shape
    if n < 2 or dim < 2:
        raise ValueError(f"need at least 2 vectors of at least 2 dimensions, got shape {(n, dim)}")
    x = vectors.detach().double()
    x = x - x.mean(dim=0)
    _, _, vh = torch.linalg.svd(x, full_matrices=False)  # vh: (min(n, dim), dim)
    directions = vh[:2]  # (2, dim)
    signs = torch.sign(directions.gather(1, directions.abs().argmax(dim=1, keepdim=True)))
    return (x @ (directions * signs).T).to(vectors.dtype)


def nearest_neighbours(vectors: torch.Tensor, index: int, k: int = 5) -> list[tuple[int, float]]:
    """The `k` rows of vectors (n, dim) most similar to row `index` by cosine similarity.

    Returns [(row, similarity), ...], most similar first, without `index` itself.
    """
    if not isinstance(vectors, torch.Tensor) or vectors.dim() != 2:
        raise ValueError("vectors must be a 2-D tensor (n, dim)")
    n = vectors.shape[0]
    if not 0 <= index < n:
        raise ValueError(f"index {index} out of range: there are {n} vectors")
    if not 1 <= k <= n - 1:
        raise ValueError(f"k must be between 1 and {n - 1} (the other vectors), got {k}")
    unit = nn.functional.normalize(vectors.detach().double(), dim=1)  # (n, dim), length 1
    sims = unit @ unit[index]  # (n,)
    sims[index] = -math.inf  # a word is not its own neighbour
    top = torch.topk(sims, k)
    return [(int(i), round(float(s), 6)) for s, i in zip(top.values, top.indices)]
