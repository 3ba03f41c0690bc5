"""Tests for helpers.checks._runner: the machinery every chapter's exercise checks share."""

from __future__ import annotations

import math

import pytest
import torch

from helpers.checks._runner import (
    FAIL,
    PASS,
    TODO,
    Case,
    CheckFailed,
    expect_close,
    expect_tensor,
    run_check,
)


def recording_cases(log: list[str], outcomes: list[str]) -> list[Case]:
    """One case per outcome: 'ok', 'fail', 'todo' or 'crash'; each logs that it ran."""
    def make(i: int, outcome: str) -> Case:
        def run(fn) -> None:
            log.append(f"case {i}")
            fn(outcome)
        return Case(f"case {i}", run)
    return [make(i, o) for i, o in enumerate(outcomes)]


def learner(outcome: str) -> None:
    if outcome == "fail":
        raise CheckFailed("row 2 sums to 1.37, not 1")
    if outcome == "todo":
        raise NotImplementedError
    if outcome == "crash":
        raise KeyError("oops")


def test_all_cases_pass(capsys) -> None:
    log: list[str] = []
    assert run_check("thing", learner, recording_cases(log, ["ok", "ok", "ok"])) is True
    assert log == ["case 0", "case 1", "case 2"]
    assert capsys.readouterr().out == f"{PASS} thing: all 3 cases pass.\n"


def test_first_failure_is_reported_and_stops_the_check(capsys) -> None:
    log: list[str] = []
    assert run_check("thing", learner, recording_cases(log, ["ok", "fail", "crash"])) is False
    assert log == ["case 0", "case 1"]
    assert capsys.readouterr().out == f"{FAIL} thing: case 1: row 2 sums to 1.37, not 1\n"


def test_a_crash_is_reported_with_its_type_and_message(capsys) -> None:
    log: list[str] = []
    assert run_check("thing", learner, recording_cases(log, ["crash", "ok"])) is False
    assert log == ["case 0"]
    assert capsys.readouterr().out == (f"{FAIL} thing: case 0: your function raised "
                                       f"KeyError: 'oops'\n")


@pytest.mark.parametrize("outcomes", [["todo"], ["ok", "todo", "fail"]])
def test_not_attempted_is_neutral(capsys, outcomes: list[str]) -> None:
    log: list[str] = []
    assert run_check("thing", learner, recording_cases(log, outcomes)) is None
    out = capsys.readouterr().out
    assert out.startswith(f"{TODO} thing: not attempted yet.") and FAIL not in out
    assert log[-1] == f"case {outcomes.index('todo')}"


def test_expect_tensor() -> None:
    t = torch.zeros(2, 3)
    assert expect_tensor(t, (2, 3)) is t
    assert expect_tensor(t, torch.Size([2, 3])) is t
    with pytest.raises(CheckFailed, match=r"^expected a torch\.Tensor, got list$"):
        expect_tensor([[0.0] * 3] * 2, (2, 3))
    with pytest.raises(CheckFailed, match=r"^expected shape \(3, 2\), got \(2, 3\)$"):
        expect_tensor(t, (3, 2))
    with pytest.raises(CheckFailed, match=r"^expected shape \(\), got \(1,\)$"):
        expect_tensor(torch.zeros(1), ())


def test_expect_close_passes_within_tolerance() -> None:
    want = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    expect_close(want + 1e-6, want)
    expect_close(want.double(), want)  # float64 answers are fine


def test_expect_close_names_the_first_differing_position() -> None:
    want = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    got = want.clone()
    got[1, 0], got[1, 1] = 3.5, 9.0
    with pytest.raises(CheckFailed, match=r"^probability\[1, 0\] is 3\.5, expected 3$"):
        expect_close(got, want, "probability")


def test_expect_close_reports_non_finite_values_first() -> None:
    want = torch.tensor([0.1, 0.2, 0.7])
    got = torch.tensor([0.1, math.nan, 0.7])
    with pytest.raises(CheckFailed, match=r"^result is nan at index \[1\]; expected a finite "
                                          r"number$"):
        expect_close(got, want)
    # an infinite reference (e.g. log 0) is compared as a value, not reported as non-finite
    expect_close(torch.tensor([-math.inf, 0.0]), torch.tensor([-math.inf, 0.0]))


def test_expect_close_checks_the_shape() -> None:
    with pytest.raises(CheckFailed, match=r"^expected shape \(3,\), got \(1, 3\)$"):
        expect_close(torch.zeros(1, 3), torch.zeros(3))
