"""Exercise checks for chapter 3 (embeddings): each `check_…` tries the learner's function on
a few cases and prints one verdict (see `_runner`).

Not checked: speed, or how the answer is computed (a lookup written with indexing instead of
one-hot times the matrix passes, because it gives the same numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from helpers.checks._runner import Case, CheckFailed, expect_close, expect_tensor, run_check
from helpers.data import SlidingWindowDataset
from helpers.embeddings import sinusoidal_encoding

# ---------------------------------------------------------------- sinusoidal encoding


def _sinusoidal_case(context_length: int, dim: int) -> Case:
    def run(fn: Callable[..., Any]) -> None:
        got = fn(context_length, dim)
        want = sinusoidal_encoding(context_length, dim)
        got = expect_tensor(got, want.shape)
        got = got.detach().float()
        if torch.allclose(got[:, 0::2], want[:, 1::2], atol=1e-4):
            raise CheckFailed("even columns hold cosines; the formula puts sin on even "
                              "columns (0, 2, ...) and cos on odd ones (1, 3, ...)")
        if not torch.allclose(got[0], want[0], atol=1e-5):
            raise CheckFailed(f"row 0 (position 0) should be [0, 1, 0, 1, ...] (sin 0, cos 0), "
                              f"got {[round(v, 4) for v in got[0, :6].tolist()]}...")
        expect_close(got, want, "PE", atol=1e-4, rtol=1e-4)

    return Case(f"sinusoidal_encoding({context_length}, {dim})", run)


def check_sinusoidal_encoding(fn: Callable[[int, int], torch.Tensor]) -> bool | None:
    """`fn(context_length, dim)` must return the (context_length, dim) sinusoidal table."""
    cases = [_sinusoidal_case(1, 2), _sinusoidal_case(4, 4), _sinusoidal_case(50, 16),
             _sinusoidal_case(7, 64)]
    return run_check("sinusoidal_encoding", fn, cases)


# ---------------------------------------------------------------- sliding windows


def _as_list(x: Any, what: str) -> list[int]:
    if isinstance(x, torch.Tensor):
        x = x.tolist()
    if not isinstance(x, (list, tuple)):
        raise CheckFailed(f"{what} should be a list of ids, got {type(x).__name__}")
    return [int(v) for v in x]


def _windows_case(num_ids: int, max_length: int, stride: int) -> Case:
    def run(fn: Callable[..., Any]) -> None:
        ids = [100 + 7 * i for i in range(num_ids)]  # ids unlike positions, so mix-ups show
        got = fn(ids, max_length, stride)
        want = [(x.tolist(), y.tolist()) for x, y in SlidingWindowDataset(ids, max_length, stride)]
        if not isinstance(got, (list, tuple)):
            raise CheckFailed(f"expected a list of (input, target) pairs, got {type(got).__name__}")
        got = list(got)
        if len(got) != len(want):
            starts = [i * stride for i in range(len(want))]
            raise CheckFailed(f"returned {len(got)} windows, expected {len(want)} "
                              f"(inputs starting at positions {starts})")
        for n, (pair, (want_x, want_y)) in enumerate(zip(got, want)):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise CheckFailed(f"window {n} should be a pair (input, target), got {pair!r}")
            x = _as_list(pair[0], f"window {n}'s input")
            y = _as_list(pair[1], f"window {n}'s target")
            if x != want_x:
                raise CheckFailed(f"window {n}'s input is {x}, expected {want_x} "
                                  f"(ids[{n * stride}:{n * stride + max_length}])")
            if y == want_x:
                raise CheckFailed(f"window {n}'s target equals its input; the target is the "
                                  "input shifted one id to the right")
            if y != want_y:
                raise CheckFailed(f"window {n}'s target is {y}, expected {want_y} "
                                  "(the input shifted one id to the right)")

    return Case(f"{num_ids} ids, max_length={max_length}, stride={stride}", run)


def check_sliding_windows(fn: Callable[[list[int], int, int], list]) -> bool | None:
    """`fn(ids, max_length, stride)` must return every full window as (input, target) lists."""
    cases = [_windows_case(10, 4, 4), _windows_case(10, 4, 2), _windows_case(9, 4, 4),
             _windows_case(5, 4, 1), _windows_case(25, 3, 10), _windows_case(30, 1, 1)]
    return run_check("sliding_windows", fn, cases)


# ---------------------------------------------------------------- one-hot lookup


def _lookup_case(ids: list, vocab_size: int, dim: int) -> Case:
    def run(fn: Callable[..., Any]) -> None:
        gen = torch.Generator().manual_seed(vocab_size * 31 + dim)
        weight = torch.randn(vocab_size, dim, generator=gen)
        id_tensor = torch.tensor(ids)
        got = fn(id_tensor, weight.clone())
        want = weight[id_tensor]  # (*ids.shape, dim)
        got = expect_tensor(got, want.shape)
        for where in torch.cartesian_prod(*[torch.arange(n) for n in id_tensor.shape]).view(
                -1, id_tensor.dim()).tolist():
            where = tuple(where)
            token = int(id_tensor[where])
            if not torch.allclose(got[where].float(), weight[token], atol=1e-5):
                match = [i for i in range(vocab_size)
                         if torch.allclose(got[where].float(), weight[i], atol=1e-5)]
                hint = f" (that is row {match[0]} of the weight)" if match else ""
                place = ", ".join(map(str, where))
                raise CheckFailed(f"result[{place}] (id {token}) should be weight[{token}], "
                                  f"got a different vector{hint}")

    return Case(f"ids {ids} with a ({vocab_size}, {dim}) weight", run)


def check_embedding_lookup(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> bool | None:
    """`fn(ids, weight)`, ids (n,) or (batch, seq_len) and weight (vocab_size, dim), must
    return weight[ids]: shape (n, dim) or (batch, seq_len, dim)."""
    cases = [_lookup_case([2], 5, 3), _lookup_case([0, 4, 1], 5, 3),
             _lookup_case([3, 3, 0, 9, 3], 10, 4), _lookup_case([[6, 1, 0], [2, 2, 5]], 7, 2),
             _lookup_case([[4], [0], [4]], 5, 1)]
    return run_check("embedding_lookup", fn, cases)
