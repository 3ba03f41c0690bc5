"""Chapter 1 exercise checks: softmax, softmax with temperature, cross-entropy.

Each `check_*` runs the learner's function on a small suite and prints one verdict
(see `_runner`). The reference answers come from PyTorch, not from `helpers`, so a check
also tells the learner their code agrees with the real thing.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from helpers.checks._runner import Case, CheckFailed, expect_close, expect_tensor, run_check

Fn = Callable[..., torch.Tensor]


def _rows_sum_to_one(got: torch.Tensor, what: str) -> None:
    sums = got.sum(dim=-1).reshape(-1)
    for i, s in enumerate(sums.tolist()):
        if abs(s - 1.0) > 1e-4:
            raise CheckFailed(f"{what}: row {i} sums to {s:.4g}, not 1 (divide by the sum of "
                              f"the exponentials along the last dimension)")


def _softmax_case(description: str, logits: torch.Tensor, temperature: float | None = None,
                  ) -> Case:
    def run(fn: Fn) -> None:
        args = (logits.clone(),) if temperature is None else (logits.clone(), temperature)
        got = expect_tensor(fn(*args), logits.shape)
        if torch.isnan(got).any():
            hint = " (subtract the largest logit before exp)" if logits.abs().max() > 80 else ""
            raise CheckFailed(f"the result contains NaN{hint}")
        _rows_sum_to_one(got, "the result")
        want = torch.softmax(logits / (temperature or 1.0), dim=-1)
        expect_close(got, want, "probability")
    return Case(description, run)


def check_softmax(fn: Fn) -> bool | None:
    """`fn(logits)` must return softmax over the last dimension, finite for large logits."""
    return run_check("softmax", fn, [
        _softmax_case("three logits [1, 2, 3]", torch.tensor([1.0, 2.0, 3.0])),
        _softmax_case("a batch of 4 rows of 5 logits",
                      torch.tensor([[0.0, 1, 2, 3, 4], [1, 1, 1, 1, 1], [-2, 0, 2, 0, -2],
                                    [5, -5, 0.5, 0, 1]])),
        _softmax_case("logits [1000, 1001, 1002]", torch.tensor([1000.0, 1001.0, 1002.0])),
        _softmax_case("logits [-1000, 0, 1000]", torch.tensor([-1000.0, 0.0, 1000.0])),
        _softmax_case("a (2, 3, 4) tensor", torch.linspace(-3, 3, 24).reshape(2, 3, 4)),
    ])


def check_softmax_with_temperature(fn: Fn) -> bool | None:
    """`fn(logits, temperature)` must return softmax(logits / temperature)."""
    logits = torch.tensor([[2.0, 1.0, 0.1, -1.0], [0.0, 3.0, 3.0, 1.0]])

    def sharper_and_flatter(f: Fn) -> None:
        cold, hot = f(logits.clone(), 0.25), f(logits.clone(), 4.0)
        if not cold[0].max() > hot[0].max():
            raise CheckFailed(f"the top probability should be higher at temperature 0.25 "
                              f"({cold[0].max():.3f}) than at 4.0 ({hot[0].max():.3f})")

    return run_check("softmax_with_temperature", fn, [
        _softmax_case("temperature 1 (plain softmax)", logits, 1.0),
        _softmax_case("temperature 0.5", logits, 0.5),
        _softmax_case("temperature 3.0", logits, 3.0),
        _softmax_case("temperature 0.01 with logits near 100", logits + 100, 0.01),
        Case("low temperature sharpens, high temperature flattens", sharper_and_flatter),
    ])


def check_cross_entropy(fn: Fn) -> bool | None:
    """`fn(logits, targets)` with logits (n, classes), targets (n,) -> the mean loss (scalar)."""
    def case(description: str, logits: torch.Tensor, targets: torch.Tensor) -> Case:
        def run(f: Fn) -> None:
            got = f(logits.clone(), targets.clone())
            if isinstance(got, torch.Tensor) and got.dim() == 1 and len(got) == len(targets):
                raise CheckFailed("got one loss per example; return their mean (a scalar)")
            got = expect_tensor(got, ())
            expect_close(got, F.cross_entropy(logits, targets), "the loss")
        return Case(description, run)

    return run_check("cross_entropy", fn, [
        case("one example, 3 classes", torch.tensor([[2.0, 1.0, 0.1]]), torch.tensor([0])),
        case("uniform logits over 10 classes give ln(10)", torch.zeros(4, 10),
             torch.tensor([0, 3, 7, 9])),
        case("a batch of 3 with different targets",
             torch.tensor([[0.5, 2.0, -1.0], [3.0, 0.0, 0.0], [1.0, 1.0, 4.0]]),
             torch.tensor([1, 2, 2])),
        case("confident and right: loss near 0", torch.tensor([[50.0, 0.0]]), torch.tensor([0])),
        case("confident and wrong: large loss, still finite", torch.tensor([[500.0, 0.0]]),
             torch.tensor([1])),
    ])
