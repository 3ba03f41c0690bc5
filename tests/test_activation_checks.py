"""Tests for helpers.checks.activations: the chapter 1 exercise checks.

Each check gets a correct solution (✅ and True), several typical wrong ones (❌, False and
the precise reason the learner reads) and an unattempted one (⏳, None, not a failure).
The expected numbers in the messages are computed here from the same inputs the checks use.
"""

from __future__ import annotations

import re

import pytest
import torch
import torch.nn.functional as F

from helpers.checks.activations import (
    check_cross_entropy,
    check_softmax,
    check_softmax_with_temperature,
)


def verdict(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr().out
    assert out.endswith("\n") and out.count("\n") == 1, f"expected one line, got {out!r}"
    return out.rstrip("\n")


# ---------------------------------------------------------------------------------------------
# Solutions a learner might write
# ---------------------------------------------------------------------------------------------

def softmax_right(logits):
    z = logits - logits.max(dim=-1, keepdim=True).values
    e = torch.exp(z)
    return e / e.sum(dim=-1, keepdim=True)


def softmax_no_max_shift(logits):
    e = torch.exp(logits)
    return e / e.sum(dim=-1, keepdim=True)


def softmax_over_dim_0(logits):
    z = logits - logits.max(dim=0, keepdim=True).values
    e = torch.exp(z)
    return e / e.sum(dim=0, keepdim=True)


def softmax_without_keepdim(logits):
    e = torch.exp(logits - logits.max())
    return e / e.sum()  # sums over the whole tensor, not each row


def softmax_as_list(logits):
    return softmax_right(logits).tolist()


def softmax_typo(logits):
    return softmax_right(logit)  # noqa: F821 - the learner's typo


def not_attempted(*args):
    raise NotImplementedError


def temperature_right(logits, temperature):
    return softmax_right(logits / temperature)


def temperature_multiplied(logits, temperature):
    return softmax_right(logits * temperature)


def temperature_ignored_away_from_the_tested_values(logits, temperature):
    """Right at the temperatures the first cases try, wrong anywhere else."""
    if temperature in (1.0, 0.5, 3.0, 0.01):
        return softmax_right(logits / temperature)
    return softmax_right(logits)


def cross_entropy_right(logits, targets):
    z = logits - logits.max(dim=-1, keepdim=True).values
    log_probs = z - torch.log(torch.exp(z).sum(dim=-1, keepdim=True))
    return -log_probs[torch.arange(len(targets)), targets].mean()


def cross_entropy_per_example(logits, targets):
    z = logits - logits.max(dim=-1, keepdim=True).values
    log_probs = z - torch.log(torch.exp(z).sum(dim=-1, keepdim=True))
    return -log_probs[torch.arange(len(targets)), targets]


def cross_entropy_log_of_softmax(logits, targets):
    """log(softmax): -inf where the probability rounds to 0 (logits like 500)."""
    probs = softmax_right(logits)
    return -torch.log(probs[torch.arange(len(targets)), targets]).mean()


def cross_entropy_sum(logits, targets):
    return cross_entropy_per_example(logits, targets).sum()


def cross_entropy_float(logits, targets):
    return cross_entropy_right(logits, targets).item()


# ---------------------------------------------------------------------------------------------
# check_softmax
# ---------------------------------------------------------------------------------------------

def test_softmax_right_passes(capsys) -> None:
    assert check_softmax(softmax_right) is True
    assert verdict(capsys) == "✅ softmax: all 5 cases pass."


def test_softmax_torch_passes(capsys) -> None:
    assert check_softmax(lambda x: torch.softmax(x, dim=-1)) is True
    assert verdict(capsys).startswith("✅ softmax")


def test_softmax_without_the_max_shift_gets_the_nan_hint(capsys) -> None:
    assert check_softmax(softmax_no_max_shift) is False
    assert verdict(capsys) == ("❌ softmax: logits [1000, 1001, 1002]: the result contains NaN "
                               "(subtract the largest logit before exp)")


def test_softmax_over_the_wrong_dim_names_the_row(capsys) -> None:
    assert check_softmax(softmax_over_dim_0) is False
    rows = torch.tensor([[0.0, 1, 2, 3, 4], [1, 1, 1, 1, 1], [-2, 0, 2, 0, -2], [5, -5, 0.5, 0, 1]])
    row_0 = torch.softmax(rows, dim=0)[0].sum().item()
    assert verdict(capsys) == (f"❌ softmax: a batch of 4 rows of 5 logits: the result: row 0 "
                               f"sums to {row_0:.4g}, not 1 (divide by the sum of the "
                               f"exponentials along the last dimension)")


def test_softmax_normalising_the_whole_tensor_names_the_row(capsys) -> None:
    assert check_softmax(softmax_without_keepdim) is False
    assert "❌ softmax: a batch of 4 rows of 5 logits: the result: row 0 sums to" in verdict(capsys)


def test_softmax_returning_a_list(capsys) -> None:
    assert check_softmax(softmax_as_list) is False
    assert verdict(capsys) == ("❌ softmax: three logits [1, 2, 3]: "
                               "expected a torch.Tensor, got list")


def test_softmax_wrong_shape(capsys) -> None:
    assert check_softmax(lambda x: softmax_right(x).unsqueeze(0)) is False
    assert verdict(capsys) == "❌ softmax: three logits [1, 2, 3]: expected shape (3,), got (1, 3)"


def test_softmax_wrong_values_name_the_first_bad_position(capsys) -> None:
    assert check_softmax(lambda x: softmax_right(x.flip(-1))) is False  # sums to 1, wrong order
    want = torch.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=-1)
    assert verdict(capsys) == (f"❌ softmax: three logits [1, 2, 3]: probability[0] is "
                               f"{want[2].item():.6g}, expected {want[0].item():.6g}")


def test_softmax_crash_is_reported_not_raised(capsys) -> None:
    assert check_softmax(softmax_typo) is False
    assert verdict(capsys) == ("❌ softmax: three logits [1, 2, 3]: your function raised "
                               "NameError: name 'logit' is not defined")


def test_softmax_not_attempted(capsys) -> None:
    assert check_softmax(not_attempted) is None
    assert verdict(capsys) == ("⏳ softmax: not attempted yet. Replace `raise NotImplementedError` "
                               "with your code and run this cell again.")


def test_check_does_not_modify_its_inputs_through_the_learner(capsys) -> None:
    """A right answer that scribbles on its input afterwards still passes: the check compares
    with the reference computed from its own copy of the logits."""
    def right_but_scribbles(logits, temperature=1.0):
        probs = softmax_right(logits.clone() / temperature)
        logits.mul_(0)
        return probs

    assert check_softmax(right_but_scribbles) is True
    assert check_softmax_with_temperature(right_but_scribbles) is True
    capsys.readouterr()


# ---------------------------------------------------------------------------------------------
# check_softmax_with_temperature
# ---------------------------------------------------------------------------------------------

LOGITS = torch.tensor([[2.0, 1.0, 0.1, -1.0], [0.0, 3.0, 3.0, 1.0]])


def test_temperature_right_passes(capsys) -> None:
    assert check_softmax_with_temperature(temperature_right) is True
    assert verdict(capsys) == "✅ softmax_with_temperature: all 5 cases pass."


def test_temperature_multiplied_instead_of_divided(capsys) -> None:
    assert check_softmax_with_temperature(temperature_multiplied) is False
    got = torch.softmax(LOGITS * 0.5, dim=-1)[0, 0].item()
    want = torch.softmax(LOGITS / 0.5, dim=-1)[0, 0].item()
    assert verdict(capsys) == (f"❌ softmax_with_temperature: temperature 0.5: "
                               f"probability[0, 0] is {got:.6g}, expected {want:.6g}")


def test_temperature_without_the_max_shift_fails_at_low_temperature(capsys) -> None:
    assert check_softmax_with_temperature(
        lambda logits, t: softmax_no_max_shift(logits / t)) is False
    assert verdict(capsys) == ("❌ softmax_with_temperature: temperature 0.01 with logits near "
                               "100: the result contains NaN (subtract the largest logit "
                               "before exp)")


def test_temperature_sharpening_case(capsys) -> None:
    assert check_softmax_with_temperature(temperature_ignored_away_from_the_tested_values) is False
    top = torch.softmax(LOGITS[0], dim=-1).max().item()
    assert verdict(capsys) == (f"❌ softmax_with_temperature: low temperature sharpens, high "
                               f"temperature flattens: the top probability should be higher at "
                               f"temperature 0.25 ({top:.3f}) than at 4.0 ({top:.3f})")


def test_temperature_ignoring_the_argument(capsys) -> None:
    assert check_softmax_with_temperature(lambda logits, t: softmax_right(logits)) is False
    assert verdict(capsys).startswith("❌ softmax_with_temperature: temperature 0.5: "
                                      "probability[0, 0] is ")


def test_temperature_not_attempted(capsys) -> None:
    assert check_softmax_with_temperature(not_attempted) is None
    assert verdict(capsys).startswith("⏳ softmax_with_temperature: not attempted yet.")


# ---------------------------------------------------------------------------------------------
# check_cross_entropy
# ---------------------------------------------------------------------------------------------

def test_cross_entropy_right_passes(capsys) -> None:
    assert check_cross_entropy(cross_entropy_right) is True
    assert verdict(capsys) == "✅ cross_entropy: all 5 cases pass."


def test_cross_entropy_torch_passes(capsys) -> None:
    assert check_cross_entropy(F.cross_entropy) is True
    assert verdict(capsys).startswith("✅ cross_entropy")


def test_cross_entropy_per_example_losses(capsys) -> None:
    assert check_cross_entropy(cross_entropy_per_example) is False
    assert verdict(capsys) == ("❌ cross_entropy: one example, 3 classes: got one loss per "
                               "example; return their mean (a scalar)")


def test_cross_entropy_sum_instead_of_mean(capsys) -> None:
    assert check_cross_entropy(cross_entropy_sum) is False
    logits, targets = torch.zeros(4, 10), torch.tensor([0, 3, 7, 9])
    got = F.cross_entropy(logits, targets, reduction="sum").item()
    want = F.cross_entropy(logits, targets).item()
    # (the loss is a scalar: "the loss" or "the loss[]" both read as the whole value)
    assert re.fullmatch(rf"❌ cross_entropy: uniform logits over 10 classes give ln\(10\): the "
                        rf"loss(\[\])? is {got:.6g}, expected {want:.6g}", verdict(capsys))


def test_cross_entropy_log_of_softmax_is_infinite_for_confident_wrong_answers(capsys) -> None:
    assert check_cross_entropy(cross_entropy_log_of_softmax) is False
    assert verdict(capsys) == ("❌ cross_entropy: confident and wrong: large loss, still finite: "
                               "the loss is inf; expected a finite number")


def test_cross_entropy_returning_a_float(capsys) -> None:
    assert check_cross_entropy(cross_entropy_float) is False
    assert verdict(capsys) == ("❌ cross_entropy: one example, 3 classes: expected a "
                               "torch.Tensor, got float")


def test_cross_entropy_crash_is_reported(capsys) -> None:
    def one_target_only(logits, targets):
        t = targets.item()  # works for one example, crashes for a batch
        return torch.logsumexp(logits[0], dim=-1) - logits[0, t]

    assert check_cross_entropy(one_target_only) is False
    assert verdict(capsys) == ("❌ cross_entropy: uniform logits over 10 classes give ln(10): your "
                               "function raised RuntimeError: a Tensor with 4 elements cannot be "
                               "converted to Scalar")


def test_cross_entropy_not_attempted(capsys) -> None:
    assert check_cross_entropy(not_attempted) is None
    assert verdict(capsys).startswith("⏳ cross_entropy: not attempted yet.")
