"""Tests for helpers.activations: each function against PyTorch's own, properties, and errors.

The helpers are written from the formulas; PyTorch's versions (`torch.relu`, `torch.softmax`,
`F.cross_entropy`, ...) are the reference. Property tests (hypothesis) try many random shapes
and values; the error tests check that bad input gets a clear message naming what was
expected, not a NaN or a traceback from inside torch.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from torch.testing import assert_close

from helpers import activations as A

# The machine is shared and loaded: no per-example deadline, and a modest number of examples.
PROPERTY = settings(max_examples=50, deadline=None)


# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------

def float_tensors(low: float = -50.0, high: float = 50.0, min_dims: int = 1,
                  max_dims: int = 3, max_side: int = 6) -> st.SearchStrategy[torch.Tensor]:
    """Non-empty float32 tensors with values in [low, high]."""
    arrays = hnp.arrays(
        np.float32,
        hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side),
        elements=st.floats(low, high, width=32, allow_nan=False, allow_infinity=False),
    )
    return arrays.map(lambda a: torch.from_numpy(a.copy()))


@st.composite
def tensor_and_dim(draw: st.DrawFn, low: float = -50.0, high: float = 50.0,
                   ) -> tuple[torch.Tensor, int]:
    x = draw(float_tensors(low, high))
    dim = draw(st.integers(-x.dim(), x.dim() - 1))
    return x, dim


temperatures = st.floats(0.05, 20.0, allow_nan=False, allow_infinity=False)


# ---------------------------------------------------------------------------------------------
# Activations against PyTorch
# ---------------------------------------------------------------------------------------------

# (name, helper, PyTorch's version)
ACTIVATION_PAIRS: list[tuple[str, Callable[[torch.Tensor], torch.Tensor],
                             Callable[[torch.Tensor], torch.Tensor]]] = [
    ("relu", A.relu, torch.relu),
    ("sigmoid", A.sigmoid, torch.sigmoid),
    ("tanh", A.tanh, torch.tanh),
    ("gelu", A.gelu, lambda x: F.gelu(x, approximate="none")),
    ("gelu_tanh", A.gelu_tanh, lambda x: F.gelu(x, approximate="tanh")),
    ("gelu(approximate='tanh')", lambda x: A.gelu(x, approximate="tanh"),
     lambda x: F.gelu(x, approximate="tanh")),
]
ACTIVATION_IDS = [name for name, _, _ in ACTIVATION_PAIRS]


@pytest.mark.parametrize(("name", "ours", "theirs"), ACTIVATION_PAIRS, ids=ACTIVATION_IDS)
@PROPERTY
@given(x=float_tensors(-100.0, 100.0))
def test_activation_matches_torch(name: str, ours, theirs, x: torch.Tensor) -> None:
    got = ours(x)
    assert got.shape == x.shape and got.dtype == x.dtype
    assert_close(got, theirs(x))


@pytest.mark.parametrize(("name", "ours", "theirs"), ACTIVATION_PAIRS, ids=ACTIVATION_IDS)
def test_activation_on_hand_picked_points(name: str, ours, theirs) -> None:
    x = torch.tensor([-3.0, -1.0, -0.0, 0.0, 1e-8, 0.5, 1.0, 3.0])
    assert_close(ours(x), theirs(x))


@pytest.mark.parametrize(("name", "ours", "theirs"), ACTIVATION_PAIRS, ids=ACTIVATION_IDS)
def test_activation_is_finite_at_plus_minus_1000(name: str, ours, theirs) -> None:
    x = torch.tensor([-1000.0, -100.0, 100.0, 1000.0])
    got = ours(x)
    assert torch.isfinite(got).all(), f"{name}({x.tolist()}) = {got.tolist()}"
    assert_close(got, theirs(x))


def test_squashing_limits_at_plus_minus_1000() -> None:
    x = torch.tensor([-1000.0, 1000.0])
    assert A.sigmoid(x).tolist() == [0.0, 1.0]
    assert A.tanh(x).tolist() == [-1.0, 1.0]
    assert A.relu(x).tolist() == [0.0, 1000.0]


@pytest.mark.parametrize("dtype", [torch.float64, torch.float16, torch.bfloat16])
@pytest.mark.parametrize(("name", "ours", "theirs"), ACTIVATION_PAIRS, ids=ACTIVATION_IDS)
def test_activation_keeps_other_float_dtypes(name: str, ours, theirs, dtype) -> None:
    x = torch.linspace(-4, 4, 17, dtype=dtype)
    got = ours(x)
    assert got.dtype == dtype
    # half precision: compare at the precision the dtype has
    tol = {"atol": 1e-2, "rtol": 1e-2} if dtype in (torch.float16, torch.bfloat16) else {}
    assert_close(got, theirs(x), **tol)


def test_activations_table_lists_the_chapter_functions() -> None:
    assert list(A.ACTIVATIONS) == ["relu", "sigmoid", "tanh", "gelu", "gelu (tanh approx.)"]
    x = torch.linspace(-3, 3, 13)
    assert_close(A.ACTIVATIONS["gelu (tanh approx.)"](x), F.gelu(x, approximate="tanh"))


def test_gelu_rejects_an_unknown_approximation() -> None:
    with pytest.raises(ValueError, match=r"approximate must be 'none' or 'tanh', got 'fast'"):
        A.gelu(torch.ones(3), approximate="fast")


# ---------------------------------------------------------------------------------------------
# Derivatives against the analytic formulas
# ---------------------------------------------------------------------------------------------

def _phi(x: torch.Tensor) -> torch.Tensor:
    """Standard normal density."""
    return torch.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def _gelu_tanh_prime(x: torch.Tensor) -> torch.Tensor:
    c, k = math.sqrt(2 / math.pi), 0.044715
    t = torch.tanh(c * (x + k * x**3))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * c * (1 + 3 * k * x**2)


# (name, function, analytic derivative), written out by hand
DERIVATIVES = [
    ("relu", A.relu, lambda x: (x > 0).to(x.dtype)),
    ("sigmoid", A.sigmoid, lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x))),
    ("tanh", A.tanh, lambda x: 1 - torch.tanh(x) ** 2),
    ("gelu", A.gelu, lambda x: 0.5 * (1 + torch.erf(x / math.sqrt(2))) + x * _phi(x)),
    ("gelu_tanh", A.gelu_tanh, _gelu_tanh_prime),
]
DERIVATIVE_IDS = [name for name, _, _ in DERIVATIVES]


@pytest.mark.parametrize(("name", "fn", "analytic"), DERIVATIVES, ids=DERIVATIVE_IDS)
@PROPERTY
@given(x=float_tensors(-8.0, 8.0, max_dims=1, max_side=20))
def test_derivative_matches_the_analytic_formula(name: str, fn, analytic, x) -> None:
    x64 = x.double()  # the analytic side in float64, so only our float32 rounding shows
    assert_close(A.derivative(fn, x), analytic(x64).float(), atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize(("name", "fn", "analytic"), DERIVATIVES, ids=DERIVATIVE_IDS)
def test_derivative_at_known_points(name: str, fn, analytic) -> None:
    """Including x = 0 exactly. (A sigmoid written with e^-|x| gets 0 there, not 1/4: torch
    gives |x| the gradient sign(0) = 0 at 0. torch.where(x >= 0, -x, x) has no such hole.)"""
    x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])
    assert_close(A.derivative(fn, x), analytic(x.double()).float())
    # relu' is 0 at exactly 0 (as torch.relu's), sigmoid' peaks at 1/4, tanh' at 1, gelu' = 1/2
    at_zero = A.derivative(fn, torch.zeros(1)).item()
    assert at_zero == pytest.approx({"relu": 0.0, "sigmoid": 0.25, "tanh": 1.0,
                                     "gelu": 0.5, "gelu_tanh": 0.5}[name])


def test_derivative_leaves_its_input_alone() -> None:
    x = torch.tensor([1.0, -2.0], requires_grad=True)
    d = A.derivative(A.sigmoid, x)
    assert x.grad is None  # works on a detached copy
    assert not d.requires_grad and d.shape == x.shape


@pytest.mark.parametrize(("name", "fn", "analytic"), DERIVATIVES, ids=DERIVATIVE_IDS)
def test_derivative_is_finite_for_large_inputs(name: str, fn, analytic) -> None:
    """Far from 0 the derivative of every activation is ~0 (left) or its slope (right).

    torch's own autograd gives finite values there; e^-x overflowing to inf inside 1/(1+e^-x)
    must not turn the gradient into NaN (0 * inf).
    """
    x = torch.tensor([-1000.0, -100.0, -50.0, -20.0, 20.0, 50.0, 100.0, 1000.0])
    got = A.derivative(fn, x)
    assert torch.isfinite(got).all(), f"derivative of {name} at {x.tolist()}: {got.tolist()}"
    assert_close(got, analytic(x.double()).float(), atol=1e-6, rtol=1e-4)


def test_derivative_works_inside_no_grad() -> None:
    """Code that plots under `torch.no_grad()` (e.g. after training) may still ask for it."""
    x = torch.tensor([-1.0, 2.0])
    with torch.no_grad():
        got = A.derivative(A.relu, x)
    assert got.tolist() == [0.0, 1.0]


# ---------------------------------------------------------------------------------------------
# Softmax and log-softmax: properties
# ---------------------------------------------------------------------------------------------

@PROPERTY
@given(case=tensor_and_dim(), t=temperatures)
def test_softmax_slices_sum_to_one_and_match_torch(case, t: float) -> None:
    x, dim = case
    p = A.softmax(x, dim=dim, temperature=t)
    assert p.shape == x.shape
    assert ((p >= 0) & (p <= 1)).all()
    assert_close(p.sum(dim=dim), torch.ones_like(p.sum(dim=dim)), atol=1e-5, rtol=0)
    assert_close(p, torch.softmax(x / t, dim=dim))


@PROPERTY
@given(case=tensor_and_dim(-30.0, 30.0), shift=st.floats(-100.0, 100.0))
def test_softmax_ignores_a_constant_added_to_every_logit(case, shift: float) -> None:
    x, dim = case
    # the float32 rounding of x + shift (|x + shift| <= 130) is at most ~1e-5 per logit
    assert_close(A.softmax(x + shift, dim=dim), A.softmax(x, dim=dim), atol=1e-4, rtol=1e-3)


@PROPERTY
@given(x=float_tensors(-20.0, 20.0, max_dims=1, max_side=8))
def test_softmax_tends_to_one_hot_as_temperature_falls(x: torch.Tensor) -> None:
    """T -> 0: all the mass on the argmax, when the maximum is unique by a margin."""
    ranked = x.sort(descending=True).values
    margin = (ranked[0] - ranked[1]).item() if len(x) > 1 else math.inf
    if margin < 0.1:
        x = x.clone()
        x[x.argmax()] += 0.1  # make the maximum unique by at least 0.1
    one_hot = F.one_hot(x.argmax(), len(x)).float()
    # e^(-0.1 / T) at T = 1e-3 is e^-100: zero in float32
    assert_close(A.softmax(x, temperature=1e-3), one_hot, atol=1e-6, rtol=0)
    # and the top probability never falls as T falls
    tops = [A.softmax(x, temperature=t).max().item() for t in (10.0, 3.0, 1.0, 0.3, 0.1, 0.01)]
    assert all(a <= b + 1e-6 for a, b in zip(tops, tops[1:])), tops


@PROPERTY
@given(x=float_tensors(-100.0, 100.0, max_dims=1, max_side=10))
def test_softmax_tends_to_uniform_as_temperature_grows(x: torch.Tensor) -> None:
    """T -> inf: every class gets 1/n (logits differ by at most 200, T = 1e6)."""
    p = A.softmax(x, temperature=1e6)
    assert_close(p, torch.full_like(p, 1 / len(x)), atol=1e-3 / len(x), rtol=0)


@PROPERTY
@given(case=tensor_and_dim(-30.0, 30.0), t=temperatures)
def test_log_softmax_is_log_of_softmax_and_matches_torch(case, t: float) -> None:
    x, dim = case
    got = A.log_softmax(x, dim=dim, temperature=t)
    assert_close(got, torch.log_softmax(x / t, dim=dim))
    # log(softmax) is only usable where the probability does not underflow: logits within 60
    # of each other at T = 1 (e^-60 ~ 1e-26 is a normal float32)
    assert_close(A.log_softmax(x, dim=dim), torch.log(A.softmax(x, dim=dim)),
                 atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("fn", [A.softmax, A.log_softmax], ids=["softmax", "log_softmax"])
def test_softmax_family_is_finite_for_huge_logits(fn) -> None:
    x = torch.tensor([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    got = fn(x)
    assert torch.isfinite(got).all(), got
    reference = torch.softmax if fn is A.softmax else torch.log_softmax
    assert_close(got, reference(x, dim=-1))
    # the row [1000, 1001, 1002] has the probabilities of [0, 1, 2]
    assert_close(got[0], fn(torch.tensor([0.0, 1.0, 2.0])))


def test_log_softmax_is_finite_where_softmax_underflows() -> None:
    x = torch.tensor([0.0, 100.0, 200.0])
    assert A.softmax(x)[0].item() == 0.0  # e^-200 underflows in float32
    assert A.log_softmax(x).tolist() == [-200.0, -100.0, 0.0]


def test_softmax_masks_minus_infinity_to_zero() -> None:
    """-inf logits (chapter 5's causal mask) get probability exactly 0, the rest renormalise."""
    x = torch.tensor([1.0, -math.inf, 2.0])
    p = A.softmax(x)
    assert p[1].item() == 0.0
    assert_close(p, torch.softmax(x, dim=-1))


@pytest.mark.parametrize("fn", [A.softmax, A.log_softmax], ids=["softmax", "log_softmax"])
def test_softmax_family_survives_a_tiny_temperature(fn) -> None:
    """A positive finite temperature is accepted, so it must give a finite answer.

    With T = 1e-40, x / T overflows float32 (1 / 1e-40 = 1e40 > 3.4e38) and inf - inf = NaN;
    subtracting the max *before* dividing by T avoids it. Also x = 1e38 at T = 0.5.
    """
    got = fn(torch.tensor([1.0, 2.0]), temperature=1e-40)
    assert not torch.isnan(got).any(), got
    want = torch.tensor([0.0, 1.0]) if fn is A.softmax else torch.tensor([-math.inf, 0.0])
    assert_close(got, want)
    got = fn(torch.tensor([1e38, 0.0]), temperature=0.5)
    assert not torch.isnan(got).any(), got


def test_softmax_of_a_scalar_is_one() -> None:
    assert A.softmax(torch.tensor(3.0), dim=0).item() == 1.0
    assert A.softmax(torch.tensor(3.0), dim=-1).item() == 1.0


# ---------------------------------------------------------------------------------------------
# Cross-entropy and entropy
# ---------------------------------------------------------------------------------------------

@st.composite
def logits_and_targets(draw: st.DrawFn) -> tuple[torch.Tensor, torch.Tensor]:
    """logits (*batch, classes) and targets (*batch,) with 0 to 2 batch dimensions."""
    batch = draw(st.lists(st.integers(1, 5), min_size=0, max_size=2))
    classes = draw(st.integers(1, 8))
    values = draw(hnp.arrays(np.float32, (*batch, classes),
                             elements=st.floats(-50, 50, width=32)))
    targets = draw(hnp.arrays(np.int64, tuple(batch), elements=st.integers(0, classes - 1)))
    return torch.from_numpy(values.copy()), torch.from_numpy(np.asarray(targets).copy())


@PROPERTY
@given(case=logits_and_targets())
def test_cross_entropy_matches_torch(case) -> None:
    logits, targets = case
    got = A.cross_entropy(logits, targets)
    assert got.shape == ()
    # F.cross_entropy wants classes in dim 1: flatten the batch dimensions instead
    want = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
    assert_close(got, want)


def test_cross_entropy_of_uniform_logits_is_ln_n() -> None:
    assert A.cross_entropy(torch.zeros(4, 10), torch.tensor([0, 3, 7, 9])).item() == \
        pytest.approx(math.log(10))


@pytest.mark.parametrize("dtype", [torch.int64, torch.int32, torch.int16, torch.uint8])
def test_cross_entropy_accepts_any_integer_targets(dtype) -> None:
    logits = torch.tensor([[2.0, 1.0, 0.1], [0.0, 0.0, 5.0]])
    targets = torch.tensor([0, 2])
    assert_close(A.cross_entropy(logits, targets.to(dtype)), F.cross_entropy(logits, targets))


def test_cross_entropy_is_finite_for_confident_logits() -> None:
    logits = torch.tensor([[500.0, 0.0], [-1000.0, 1000.0]])
    targets = torch.tensor([1, 0])
    got = A.cross_entropy(logits, targets)
    assert torch.isfinite(got)
    assert got.item() == pytest.approx((500.0 + 2000.0) / 2)
    assert_close(got, F.cross_entropy(logits, targets))


@PROPERTY
@given(case=tensor_and_dim(-10.0, 10.0))
def test_entropy_bits_matches_its_definition(case) -> None:
    x, dim = case
    p = torch.softmax(x, dim=dim).double()
    want = -(torch.special.xlogy(p, p) / math.log(2)).sum(dim=dim)
    got = A.entropy_bits(p, dim=dim)
    assert_close(got, want)
    n = x.shape[dim]
    assert ((got >= -1e-6) & (got <= math.log2(n) + 1e-6)).all()  # float32 probabilities


def test_entropy_bits_extremes() -> None:
    assert A.entropy_bits(torch.tensor([0.0, 1.0, 0.0])).item() == 0.0  # 0 log 0 counts as 0
    assert A.entropy_bits(torch.full((8,), 1 / 8)).item() == pytest.approx(3.0)
    assert A.entropy_bits(torch.tensor([[0.5, 0.5], [1.0, 0.0]])).tolist() == [1.0, 0.0]


# ---------------------------------------------------------------------------------------------
# Bad input: the type of error AND a message that says what was expected
# ---------------------------------------------------------------------------------------------

# (label in the message, the argument's name, a call taking the tensor under test)
TENSOR_FUNCTIONS = [
    ("relu", "x", A.relu),
    ("sigmoid", "x", A.sigmoid),
    ("tanh", "x", A.tanh),
    ("gelu", "x", A.gelu),
    ("gelu", "x", A.gelu_tanh),
    ("softmax", "x", A.softmax),
    ("log_softmax", "x", A.log_softmax),
    ("entropy_bits", "probs", A.entropy_bits),
    ("derivative", "x", lambda x: A.derivative(A.relu, x)),
    # the logits are checked before the targets, so any targets will do here
    ("cross_entropy", "logits", lambda x: A.cross_entropy(x, torch.zeros(2, dtype=torch.long))),
]
TENSOR_IDS = ["relu", "sigmoid", "tanh", "gelu", "gelu_tanh", "softmax", "log_softmax",
              "entropy_bits", "derivative", "cross_entropy"]


@pytest.mark.parametrize("bad", [[1.0, 2.0], 3.0, np.ones(3, dtype=np.float32), None],
                         ids=["list", "float", "ndarray", "None"])
@pytest.mark.parametrize(("label", "arg", "call"), TENSOR_FUNCTIONS, ids=TENSOR_IDS)
def test_non_tensor_input_is_a_type_error(label: str, arg: str, call, bad) -> None:
    kind = type(bad).__name__
    with pytest.raises(TypeError, match=rf"^{label}: {arg} must be a torch\.Tensor, got {kind}"):
        call(bad)


@pytest.mark.parametrize("dtype", [torch.int64, torch.int32, torch.uint8, torch.bool])
@pytest.mark.parametrize(("label", "arg", "call"), TENSOR_FUNCTIONS, ids=TENSOR_IDS)
def test_integer_tensors_are_a_type_error(label: str, arg: str, call, dtype) -> None:
    x = torch.ones(2, 3, dtype=dtype)
    with pytest.raises(TypeError, match=rf"^{label}: {arg} must hold floating-point numbers, "
                                        rf"got dtype {dtype}; convert it with {arg}\.float\(\)"):
        call(x)


@pytest.mark.parametrize("shape", [(0,), (2, 0), (0, 3)])
@pytest.mark.parametrize(("label", "arg", "call"), TENSOR_FUNCTIONS, ids=TENSOR_IDS)
def test_empty_tensors_are_a_value_error(label: str, arg: str, call, shape) -> None:
    x = torch.empty(shape)
    with pytest.raises(ValueError, match=rf"^{label}: {arg} is empty \(shape "
                                         rf"{re_tuple(shape)}\); expected at least one number"):
        call(x)


def re_tuple(shape: tuple[int, ...]) -> str:
    """The regex for the way a shape tuple is printed, e.g. '\\(2, 0\\)'."""
    return str(tuple(shape)).replace("(", r"\(").replace(")", r"\)")


DIM_FUNCTIONS = [("softmax", A.softmax), ("log_softmax", A.log_softmax),
                 ("entropy_bits", A.entropy_bits)]


@pytest.mark.parametrize("dim", [2, -3, 10])
@pytest.mark.parametrize(("label", "fn"), DIM_FUNCTIONS, ids=[n for n, _ in DIM_FUNCTIONS])
def test_dim_out_of_range_is_a_value_error(label: str, fn, dim: int) -> None:
    x = torch.ones(2, 3)
    with pytest.raises(ValueError, match=rf"^{label}: dim={dim} is out of range for a tensor "
                                         rf"with 2 dimension\(s\) \(shape \(2, 3\)\); "
                                         rf"expected -2\.\.1$"):
        fn(x, dim=dim)


@pytest.mark.parametrize("dim", ["1", 1.0, True, None], ids=["str", "float", "bool", "None"])
@pytest.mark.parametrize(("label", "fn"), DIM_FUNCTIONS, ids=[n for n, _ in DIM_FUNCTIONS])
def test_dim_that_is_not_an_int_is_a_type_error(label: str, fn, dim) -> None:
    with pytest.raises(TypeError, match=rf"^{label}: dim must be an int, got "
                                        rf"{type(dim).__name__}$"):
        fn(torch.ones(2, 3), dim=dim)


TEMPERATURE_FUNCTIONS = [("softmax", A.softmax), ("log_softmax", A.log_softmax)]


@pytest.mark.parametrize("t", [0, 0.0, -1.0, -1e-9, math.nan, math.inf, -math.inf],
                         ids=["0", "0.0", "-1", "-1e-9", "nan", "inf", "-inf"])
@pytest.mark.parametrize(("label", "fn"), TEMPERATURE_FUNCTIONS,
                         ids=[n for n, _ in TEMPERATURE_FUNCTIONS])
def test_temperature_must_be_positive_and_finite(label: str, fn, t: float) -> None:
    with pytest.raises(ValueError, match=rf"^{label}: temperature must be a positive finite "
                                         rf"number, got {t}; use a small value like 0\.1"):
        fn(torch.ones(3), temperature=t)


@pytest.mark.parametrize("t", ["1.0", None, True, torch.tensor([1.0, 2.0]), [1.0]],
                         ids=["str", "None", "bool", "tensor", "list"])
@pytest.mark.parametrize(("label", "fn"), TEMPERATURE_FUNCTIONS,
                         ids=[n for n, _ in TEMPERATURE_FUNCTIONS])
def test_temperature_that_is_not_a_number_is_a_type_error(label: str, fn, t) -> None:
    with pytest.raises(TypeError, match=rf"^{label}: temperature must be a number, got "
                                        rf"{type(t).__name__}$"):
        fn(torch.ones(3), temperature=t)


@pytest.mark.parametrize("t", [2, np.float32(2.0), np.int64(2), torch.tensor(2.0)],
                         ids=["int", "numpy float", "numpy int", "0-d tensor"])
def test_any_real_number_is_accepted_as_temperature(t) -> None:
    assert_close(A.softmax(torch.tensor([1.0, 2.0]), temperature=t),
                 torch.softmax(torch.tensor([0.5, 1.0]), dim=-1))


# --- cross_entropy's targets ---

LOGITS = torch.tensor([[2.0, 1.0, 0.1, -1.0], [0.0, 3.0, 3.0, 1.0], [1.0, 1.0, 1.0, 1.0]])


@pytest.mark.parametrize("targets", [[0, 1, 2], (0, 1, 2), np.array([0, 1, 2]), 1],
                         ids=["list", "tuple", "ndarray", "int"])
def test_cross_entropy_targets_must_be_a_tensor(targets) -> None:
    with pytest.raises(TypeError, match=rf"^cross_entropy: targets must be a torch\.Tensor of "
                                        rf"class indices, got {type(targets).__name__}$"):
        A.cross_entropy(LOGITS, targets)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.bool])
def test_cross_entropy_targets_must_be_integers(dtype) -> None:
    targets = torch.tensor([0, 1, 1]).to(dtype)
    with pytest.raises(TypeError, match=rf"^cross_entropy: targets must be integer class "
                                        rf"indices, got dtype {dtype}; convert with "
                                        rf"targets\.long\(\)$"):
        A.cross_entropy(LOGITS, targets)


@pytest.mark.parametrize("shape", [(2,), (4,), (3, 1), (1, 3), ()])
def test_cross_entropy_targets_must_have_the_batch_shape(shape) -> None:
    targets = torch.zeros(shape, dtype=torch.long)
    with pytest.raises(ValueError, match=rf"^cross_entropy: logits of shape \(\.\.\., n_classes\) "
                                         rf"need targets of shape \(\.\.\.\); got logits "
                                         rf"\(3, 4\) and targets {re_tuple(shape)}, expected "
                                         rf"targets \(3,\)$"):
        A.cross_entropy(LOGITS, targets)


def test_cross_entropy_needs_a_class_dimension() -> None:
    with pytest.raises(ValueError, match=r"got logits \(\) and targets \(\), expected targets"):
        A.cross_entropy(torch.tensor(1.0), torch.tensor(0))


@pytest.mark.parametrize(("targets", "bad", "where"), [
    ([0, 4, 1], 4, "[1]"),
    ([0, 1, -1], -1, "[2]"),
    ([100, 1, 2], 100, "[0]"),
])
def test_cross_entropy_targets_out_of_range(targets, bad: int, where: str) -> None:
    with pytest.raises(ValueError, match=rf"^cross_entropy: target {bad} at index "
                                         rf"{re.escape(where)} is not a class index; "
                                         rf"expected 0\.\.3$"):
        A.cross_entropy(LOGITS, torch.tensor(targets))


def test_cross_entropy_out_of_range_names_the_position_in_a_batch_grid() -> None:
    logits = torch.zeros(2, 3, 5)
    targets = torch.tensor([[0, 1, 2], [3, 5, 4]])
    with pytest.raises(ValueError, match=r"target 5 at index \[1, 1\] is not a class index; "
                                         r"expected 0\.\.4"):
        A.cross_entropy(logits, targets)

