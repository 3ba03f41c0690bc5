"""The machinery behind every exercise check: run the learner's function, print one verdict.

A check is a list of `Case`s. Each case calls the learner's function and compares the result
with the reference; the first case that fails is reported with a precise reason ("row 2 sums
to 1.37, not 1"). A function that still raises `NotImplementedError` is "not attempted yet":
that is reported neutrally and is not a failure, so a notebook with untouched exercises still
runs top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

PASS, FAIL, TODO = "✅", "❌", "⏳"


class CheckFailed(Exception):
    """Raised inside a case to report why the learner's answer is wrong."""


@dataclass
class Case:
    """One situation to try: `run(fn)` calls `fn` and raises `CheckFailed` if it is wrong."""

    description: str
    run: Callable[[Callable[..., Any]], None]


def run_check(name: str, fn: Callable[..., Any], cases: list[Case]) -> bool | None:
    """Try `fn` on every case and print one line (two on failure).

    Returns True if every case passes, False on the first failure, None if not attempted.
    """
    for case in cases:
        try:
            case.run(fn)
        except NotImplementedError:
            print(f"{TODO} {name}: not attempted yet. Replace `raise NotImplementedError` "
                  "with your code and run this cell again.")
            return None
        except CheckFailed as failure:
            print(f"{FAIL} {name}: {case.description}: {failure}")
            return False
        except Exception as error:  # the learner's code crashed: say where, not a traceback
            print(f"{FAIL} {name}: {case.description}: your function raised "
                  f"{type(error).__name__}: {error}")
            return False
    print(f"{PASS} {name}: all {len(cases)} cases pass.")
    return True


def expect_tensor(got: Any, shape: tuple[int, ...] | torch.Size) -> torch.Tensor:
    """Fail unless `got` is a tensor of the given shape; return it."""
    if not isinstance(got, torch.Tensor):
        raise CheckFailed(f"expected a torch.Tensor, got {type(got).__name__}")
    if tuple(got.shape) != tuple(shape):
        raise CheckFailed(f"expected shape {tuple(shape)}, got {tuple(got.shape)}")
    return got


def expect_close(got: torch.Tensor, want: torch.Tensor, what: str = "result",
                 atol: float = 1e-5, rtol: float = 1e-4) -> None:
    """Fail with the first differing position if `got` and `want` are not close."""
    expect_tensor(got, want.shape)
    if not torch.isfinite(got).all() and torch.isfinite(want).all():
        bad = tuple((~torch.isfinite(got)).nonzero()[0].tolist())
        where = f" at index {list(bad)}" if bad else ""
        raise CheckFailed(f"{what} is {got[bad].item()}{where}; expected a finite number")
    close = torch.isclose(got.double(), want.double(), atol=atol, rtol=rtol)
    if not close.all():
        idx = tuple((~close).nonzero()[0].tolist())
        where = f"[{', '.join(map(str, idx))}]" if idx else ""  # nothing to index in a scalar
        raise CheckFailed(f"{what}{where} is {got[idx].item():.6g}, "
                          f"expected {want[idx].item():.6g}")
