"""Chapter 3: turning one long list of token ids into training examples for next-token prediction.

A language model learns from pairs (input, target) where the target is the input shifted by
one token: at every position the model sees the ids so far and must predict the next one.
`SlidingWindowDataset` cuts such pairs out of one long id sequence with a window of
`max_length` ids that moves `stride` ids at a time; `create_dataloader` batches them.

Window count. With `n` ids, a window starting at `s` needs ids `s .. s + max_length` (the
inputs are `s .. s + max_length - 1`, the targets one further), so it fits when
`s + max_length + 1 <= n`. Windows start at 0, stride, 2 * stride, ..., hence

    number of windows = (n - max_length - 1) // stride + 1      (needs n >= max_length + 1)

`stride == max_length` gives windows that touch without overlapping (each id is an input
once); a smaller stride overlaps them; a larger one skips ids between windows.

Not handled here: tokenizing text (chapter 2's tokenizers do that; pass their ids), padding
or masking windows of unequal length (every window is full length, the tail that does not
fit is dropped), documents kept apart (`<|endoftext|>` is just another id in the stream),
and several worker processes (the loader runs in the main process, which keeps it
deterministic and is plenty fast for the course's corpus).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch.utils.data import DataLoader, Dataset


def count_windows(num_ids: int, max_length: int, stride: int) -> int:
    """How many full windows `SlidingWindowDataset` cuts from `num_ids` ids (see module docstring).

    Raises ValueError when the ids are too few for even one window.
    """
    _check_positive_int(max_length, "max_length")
    _check_positive_int(stride, "stride")
    if num_ids < max_length + 1:
        raise ValueError(
            f"got {num_ids} token ids, but one window of max_length={max_length} needs at least "
            f"{max_length + 1} ({max_length} inputs plus one more for the last target); use a "
            "longer text or a smaller max_length"
        )
    return (num_ids - max_length - 1) // stride + 1


def _check_positive_int(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")


def _as_id_tensor(token_ids: Sequence[int] | torch.Tensor) -> torch.Tensor:
    """Return the ids as a 1-D long tensor, or say clearly why they cannot be one."""
    if isinstance(token_ids, torch.Tensor):
        ids = token_ids
    elif isinstance(token_ids, (str, bytes)):
        raise TypeError(
            "token_ids must be a list or 1-D tensor of integer ids, got text; "
            "encode it with a tokenizer first (e.g. tokenizer.encode(text))"
        )
    else:
        token_ids = list(token_ids)
        try:
            # An empty list would become a float tensor; it is an empty list of ids.
            ids = torch.as_tensor(token_ids) if token_ids else torch.empty(0, dtype=torch.long)
        except (TypeError, ValueError, RuntimeError) as error:
            raise TypeError(
                f"token_ids must be a sequence of integer ids, got {type(token_ids).__name__} "
                f"that torch cannot read as integers ({error})"
            ) from None
    if ids.dim() != 1:
        raise ValueError(f"token_ids must be 1-D (one long sequence), got shape {tuple(ids.shape)}")
    if ids.dtype.is_floating_point or ids.dtype.is_complex or ids.dtype == torch.bool:
        raise TypeError(f"token_ids must be integers, got dtype {ids.dtype}")
    if ids.numel() and int(ids.min()) < 0:
        where = int((ids < 0).nonzero()[0])
        raise ValueError(f"token ids must be >= 0, got {int(ids[where])} at position {where}")
    return ids.to(torch.long)


class SlidingWindowDataset(Dataset):
    """(input, target) pairs cut from one long sequence of token ids.

    Item `i` is the window starting at `i * stride`:
        input  = ids[i*stride     : i*stride + max_length]       shape (max_length,), long
        target = ids[i*stride + 1 : i*stride + max_length + 1]   shape (max_length,), long
    so `target[t]` is the id that follows `input[t]`.

    Args:
        token_ids: the whole text as ids, a list of ints or a 1-D integer tensor.
        max_length: ids per input (the context the model sees), >= 1.
        stride: how far each window moves from the previous one, >= 1.
    """

    def __init__(self, token_ids: Sequence[int] | torch.Tensor, max_length: int, stride: int):
        self.ids = _as_id_tensor(token_ids)  # (n,)
        self.max_length = max_length
        self.stride = stride
        self.num_windows = count_windows(len(self.ids), max_length, stride)

    def __len__(self) -> int:
        return self.num_windows

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        if index < 0:  # Python-style negative indexing, like a list
            index += self.num_windows
        if not 0 <= index < self.num_windows:
            raise IndexError(f"window {index} out of range: this dataset has {self.num_windows}")
        start = index * self.stride
        chunk = self.ids[start : start + self.max_length + 1]  # one id longer than the input
        return chunk[:-1], chunk[1:]

    def window_starts(self) -> list[int]:
        """The position in the id sequence where each window's input begins."""
        return [i * self.stride for i in range(self.num_windows)]


def create_dataloader(
    token_ids: Sequence[int] | torch.Tensor,
    batch_size: int,
    max_length: int,
    stride: int,
    shuffle: bool = True,
    drop_last: bool = True,
    seed: int = 0,
) -> DataLoader:
    """Batches of `SlidingWindowDataset` windows: each batch is `(inputs, targets)`, both
    `(batch_size, max_length)` long tensors.

    `shuffle` draws the window order from a generator seeded with `seed`, so the same seed
    gives the same batches in the same order (each new pass over the loader continues that
    generator, so epoch 2 is in a different order from epoch 1, but the same on every run).
    `drop_last` drops a final batch smaller than `batch_size` (keeps every batch the same shape).
    """
    _check_positive_int(batch_size, "batch_size")
    dataset = SlidingWindowDataset(token_ids, max_length, stride)
    if drop_last and len(dataset) < batch_size:
        raise ValueError(
            f"only {len(dataset)} windows but batch_size={batch_size} with drop_last=True: "
            "the loader would yield no batch at all; use a smaller batch_size or stride, "
            "or drop_last=False"
        )
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last,
                      num_workers=0, generator=generator)
