"""Tests for helpers.widgets.activations, driven without a browser.

Setting `control.value = ...` fires the same observer a drag in JupyterLab fires; the test
then reads what the widget plotted (`probabilities`, `x`, `y`, `dy`) and the PNG it shows.
"""

from __future__ import annotations

import base64
import math

import matplotlib.pyplot as plt
import pytest
import torch
import torch.nn.functional as F
from torch.testing import assert_close

from helpers.activations import ACTIVATIONS, derivative, softmax
from helpers.widgets.activations import ActivationExplorer, SoftmaxExplorer


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    """Widgets draw on `matplotlib.figure.Figure`, never pyplot: a later `plt.show()` in the
    notebook must not show their figures a second time."""
    plt.close("all")
    yield
    assert plt.get_fignums() == [], "a widget created a pyplot figure"


def shown_png(widget) -> bytes:
    """The PNG the Output widget holds: exactly one display_data with image/png."""
    outputs = widget.output.outputs
    assert len(outputs) == 1
    (out,) = outputs
    assert out["output_type"] == "display_data"
    assert out["data"]["text/plain"] == widget.describe()
    png = base64.b64decode(out["data"]["image/png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert out["data"]["image/png"] == base64.b64encode(widget.last_png).decode("ascii")
    return png


def entropy_in_bits(p: torch.Tensor) -> float:
    """Written out here rather than taken from helpers: -sum p log2 p over p > 0."""
    return -sum(q * math.log2(q) for q in p.tolist() if q > 0)


def test_widgets_make_no_pyplot_figures() -> None:
    """Also checked after every test here, by the fixture above."""
    widgets = [SoftmaxExplorer(), ActivationExplorer()]
    widgets[0].temperature.value = 2.0
    widgets[1].function.value = "tanh"
    assert plt.get_fignums() == []


# ---------------------------------------------------------------------------------------------
# SoftmaxExplorer
# ---------------------------------------------------------------------------------------------

def test_softmax_explorer_starts_at_the_default_logits() -> None:
    w = SoftmaxExplorer()
    logits = torch.tensor([2.0, 1.0, 0.1, -1.0])
    assert w.labels == ["cat", "dog", "bird", "fish"]
    assert [b.description for b in w.logit_boxes] == w.labels
    assert_close(w.logits(), logits)
    assert w.temperature.value == 1.0
    assert_close(w.probabilities, torch.softmax(logits, dim=-1))
    assert w.entropy == pytest.approx(entropy_in_bits(w.probabilities), abs=1e-6)
    assert w.redraws == 1
    assert shown_png(w) == w.last_png
    assert "softmax-explorer" in w.widget._dom_classes


@pytest.mark.parametrize("t", [0.1, 0.5, 2.0, 5.0])
def test_softmax_explorer_follows_the_temperature_slider(t: float) -> None:
    w = SoftmaxExplorer()
    before_png, before_redraws = w.last_png, w.redraws
    w.temperature.value = t
    assert w.redraws == before_redraws + 1
    assert w.last_png != before_png
    assert_close(w.probabilities, softmax(w.logits(), temperature=t))
    assert_close(w.probabilities, torch.softmax(w.logits() / t, dim=-1))
    assert w.entropy == pytest.approx(entropy_in_bits(w.probabilities), abs=1e-5)
    assert shown_png(w) == w.last_png
    assert w.describe() == f"SoftmaxExplorer(4 classes, temperature={t:.1f})"
    # rendering is deterministic: a fresh explorer at this temperature draws the same bytes
    assert SoftmaxExplorer(temperature=t).last_png == w.last_png


def test_softmax_explorer_temperature_sharpens_and_flattens() -> None:
    w = SoftmaxExplorer()
    entropies, tops = [], []
    for t in (0.1, 1.0, 5.0):
        w.temperature.value = t
        entropies.append(w.entropy)
        tops.append(w.probabilities.max().item())
    assert entropies == sorted(entropies) and tops == sorted(tops, reverse=True)
    assert entropies[0] < 0.01 and entropies[-1] > 1.9  # near certain ... near log2(4) = 2


def test_softmax_explorer_logit_box_changes_the_argmax() -> None:
    w = SoftmaxExplorer()
    assert int(w.probabilities.argmax()) == 0  # cat
    before_png = w.last_png
    w.logit_boxes[2].value = 5.0  # bird
    assert w.redraws == 2
    assert int(w.probabilities.argmax()) == 2
    assert_close(w.probabilities, torch.softmax(torch.tensor([2.0, 1.0, 5.0, -1.0]), dim=-1))
    assert w.last_png != before_png
    assert shown_png(w) == w.last_png
    # the same state reached by construction draws the same picture
    assert SoftmaxExplorer(logits=(2.0, 1.0, 5.0, -1.0)).last_png == w.last_png


def test_softmax_explorer_equal_logits_are_uniform() -> None:
    w = SoftmaxExplorer(logits=(1.0, 1.0, 1.0), labels=("a", "b", "c"))
    assert_close(w.probabilities, torch.full((3,), 1 / 3))
    assert w.entropy == pytest.approx(math.log2(3), abs=1e-5)
    assert w.describe() == "SoftmaxExplorer(3 classes, temperature=1.0)"


def test_softmax_explorer_mimebundle_text_is_the_describe_line() -> None:
    w = SoftmaxExplorer(temperature=0.5)
    bundle = w._repr_mimebundle_()
    assert bundle["text/plain"] == "SoftmaxExplorer(4 classes, temperature=0.5)"
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize(("logits", "labels", "message"), [
    ((1.0,), ("a",), r"at least 2 logits .* got 1 logits and 1 labels"),
    ((1.0, 2.0, 3.0), ("a", "b"), r"got 3 logits and 2 labels"),
    ((1.0, 2.0), ("a", "b", "c"), r"got 2 logits and 3 labels"),
    ((), (), r"got 0 logits and 0 labels"),
])
def test_softmax_explorer_constructor_errors(logits, labels, message: str) -> None:
    with pytest.raises(ValueError, match=rf"^SoftmaxExplorer needs .*{message}"):
        SoftmaxExplorer(logits=logits, labels=labels)


@pytest.mark.parametrize("t", [0.0, -1.0, 0.05, 10.0])
def test_softmax_explorer_rejects_a_temperature_its_slider_cannot_show(t: float) -> None:
    """The slider runs from 0.1 to 5; ipywidgets would silently clamp anything outside."""
    with pytest.raises(ValueError, match="temperature"):
        SoftmaxExplorer(temperature=t)


# ---------------------------------------------------------------------------------------------
# ActivationExplorer
# ---------------------------------------------------------------------------------------------

REFERENCE = {
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "gelu": F.gelu,
    "gelu (tanh approx.)": lambda x: F.gelu(x, approximate="tanh"),
}


def test_activation_explorer_starts_with_relu_and_its_derivative() -> None:
    w = ActivationExplorer()
    assert w.function.options == tuple(ACTIVATIONS) and w.function.value == "relu"
    assert w.x_range.value == (-5.0, 5.0) and w.show_derivative.value is True
    assert_close(w.x, torch.linspace(-5, 5, 200))
    assert_close(w.y, torch.relu(w.x))
    assert_close(w.dy, (w.x > 0).float())
    assert w.redraws == 1 and shown_png(w) == w.last_png
    assert w.describe() == "ActivationExplorer(relu on [-5, 5])"
    assert w._repr_mimebundle_()["text/plain"] == w.describe()
    assert "activation-explorer" in w.widget._dom_classes


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_explorer_follows_the_dropdown(name: str) -> None:
    w = ActivationExplorer(name="relu" if name != "relu" else "tanh")
    before_png, before_redraws = w.last_png, w.redraws
    w.function.value = name
    assert w.redraws == before_redraws + 1 and w.last_png != before_png
    assert_close(w.y, REFERENCE[name](w.x))
    assert_close(w.dy, derivative(ACTIVATIONS[name], w.x))
    assert shown_png(w) == w.last_png
    assert w.describe() == f"ActivationExplorer({name} on [-5, 5])"
    assert ActivationExplorer(name=name).last_png == w.last_png  # deterministic rendering


def test_activation_explorer_follows_the_range_slider() -> None:
    w = ActivationExplorer(name="sigmoid")
    before_png = w.last_png
    w.x_range.value = (-2.0, 3.5)
    assert w.redraws == 2 and w.last_png != before_png
    assert w.x.shape == (200,) and w.x[0].item() == -2.0 and w.x[-1].item() == 3.5
    assert_close(w.y, torch.sigmoid(w.x))
    assert_close(w.dy, torch.sigmoid(w.x) * (1 - torch.sigmoid(w.x)))
    assert w.describe() == "ActivationExplorer(sigmoid on [-2, 3.5])"
    assert shown_png(w) == w.last_png
    assert ActivationExplorer(name="sigmoid", x_range=(-2.0, 3.5)).last_png == w.last_png


def test_activation_explorer_derivative_checkbox() -> None:
    w = ActivationExplorer(name="tanh")
    with_derivative = w.last_png
    w.show_derivative.value = False
    assert w.redraws == 2
    assert w.dy.numel() == 0
    assert_close(w.y, torch.tanh(w.x))  # the function itself is still plotted
    assert w.last_png != with_derivative and shown_png(w) == w.last_png
    w.show_derivative.value = True
    assert w.redraws == 3
    assert_close(w.dy, 1 - torch.tanh(w.x) ** 2)
    assert w.last_png == with_derivative


def test_activation_explorer_whole_slider_range_is_finite() -> None:
    """At the ends of the slider (-10, 10) every function and derivative is a number."""
    w = ActivationExplorer(x_range=(-10.0, 10.0))
    for name in ACTIVATIONS:
        w.function.value = name
        assert torch.isfinite(w.y).all() and torch.isfinite(w.dy).all(), name


@pytest.mark.parametrize("name", ["swish", "ReLU", ""])
def test_activation_explorer_rejects_unknown_functions(name: str) -> None:
    with pytest.raises(ValueError, match=rf"unknown activation {name!r}; expected one of "
                                         r"\['relu', 'sigmoid', 'tanh', 'gelu'"):
        ActivationExplorer(name=name)


@pytest.mark.parametrize("x_range", [(5.0, -5.0), (-20.0, 5.0), (-5.0, 11.0), (1.0, 1.0)],
                         ids=["reversed", "below-slider", "above-slider", "empty"])
def test_activation_explorer_rejects_a_bad_range(x_range: tuple[float, float]) -> None:
    """A range the slider cannot show (it runs from -10 to 10), reversed or empty, is a
    ValueError naming the range, not a silent clamp, an ipywidgets TraitError, or a
    degenerate plot."""
    with pytest.raises(ValueError, match="range"):
        ActivationExplorer(x_range=x_range)
