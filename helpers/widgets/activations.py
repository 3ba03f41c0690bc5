"""Chapter 1 widgets: a softmax explorer and an activation-function explorer.

Both follow the course's widget pattern (`_figure.FigureWidget`): controls above a figure
that is redrawn on every change, with the plotted numbers kept as attributes for tests.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import torch
from matplotlib.figure import Figure

from helpers.activations import ACTIVATIONS, derivative, entropy_bits, softmax
from helpers.widgets._figure import FigureWidget

HIGHLIGHT, PLAIN = "#d62728", "#1f77b4"
TEMPERATURE_RANGE = (0.1, 5.0)  # what the temperature slider can show
X_LIMITS = (-10.0, 10.0)        # what the activation explorer's range slider can show


class SoftmaxExplorer(FigureWidget):
    """Editable logits and a temperature slider driving a bar chart of softmax probabilities.

    The most likely class is drawn in red; the title gives the temperature, the entropy
    (in bits: 0 = certain, log2(n) = uniform) and the top probability.

    Attributes (updated on every redraw):
        logit_boxes: one FloatText per class, labelled with the class name.
        temperature: the FloatSlider.
        probabilities: (n_classes,) the probabilities currently plotted.
        entropy: their entropy in bits.
    """

    def __init__(self, logits: Sequence[float] = (2.0, 1.0, 0.1, -1.0),
                 labels: Sequence[str] = ("cat", "dog", "bird", "fish"),
                 temperature: float = 1.0) -> None:
        if len(logits) != len(labels) or len(logits) < 2:
            raise ValueError(f"SoftmaxExplorer needs at least 2 logits and one label per logit; "
                             f"got {len(logits)} logits and {len(labels)} labels")
        low, high = TEMPERATURE_RANGE
        if not low <= temperature <= high:  # ipywidgets would silently clamp it
            raise ValueError(f"SoftmaxExplorer: temperature must be between {low} and {high} "
                             f"(what the slider shows), got {temperature}")
        self.labels = list(labels)
        self.logit_boxes = [
            widgets.FloatText(value=float(v), description=label, step=0.5,
                              layout=widgets.Layout(width="150px"),
                              style={"description_width": "40px"})
            for v, label in zip(logits, labels, strict=True)
        ]
        self.temperature = widgets.FloatSlider(
            value=temperature, min=TEMPERATURE_RANGE[0], max=TEMPERATURE_RANGE[1], step=0.1,
            description="temperature",
            readout_format=".1f", continuous_update=True, style={"description_width": "90px"})
        self.probabilities = torch.empty(0)
        self.entropy = float("nan")
        super().__init__([widgets.HBox(self.logit_boxes), self.temperature])
        self.widget.add_class("softmax-explorer")

    def logits(self) -> torch.Tensor:
        """(n_classes,) the logits as currently typed in."""
        return torch.tensor([box.value for box in self.logit_boxes], dtype=torch.float32)

    def draw(self, fig: Figure) -> None:
        self.probabilities = softmax(self.logits(), temperature=self.temperature.value)
        self.entropy = entropy_bits(self.probabilities).item()
        top = int(self.probabilities.argmax())
        ax = fig.add_subplot()
        colours = [HIGHLIGHT if i == top else PLAIN for i in range(len(self.labels))]
        bars = ax.bar(self.labels, self.probabilities.tolist(), color=colours)
        ax.bar_label(bars, fmt="%.2f")
        ax.set_ylim(0, 1.1)
        ax.set_ylabel("probability")
        ax.set_title(f"T = {self.temperature.value:.1f}   entropy = {self.entropy:.2f} bits   "
                     f"top: {self.labels[top]} ({self.probabilities[top]:.2f})", fontsize=10)

    def describe(self) -> str:
        return (f"SoftmaxExplorer({len(self.labels)} classes, "
                f"temperature={self.temperature.value:.1f})")


class ActivationExplorer(FigureWidget):
    """Pick an activation function and an x-range; see the function and its derivative.

    Attributes (updated on every redraw):
        function: Dropdown of the names in `helpers.activations.ACTIVATIONS`.
        x_range: FloatRangeSlider for the plotted interval.
        show_derivative: Checkbox.
        x, y, dy: (200,) the points plotted (dy is empty when the derivative is hidden).
    """

    points = 200

    def __init__(self, name: str = "relu", x_range: tuple[float, float] = (-5.0, 5.0)) -> None:
        if name not in ACTIVATIONS:
            raise ValueError(f"unknown activation {name!r}; expected one of {list(ACTIVATIONS)}")
        low, high = x_range
        if not X_LIMITS[0] <= low < high <= X_LIMITS[1]:
            raise ValueError(f"ActivationExplorer: x_range must be (low, high) with "
                             f"{X_LIMITS[0]:g} <= low < high <= {X_LIMITS[1]:g}, got {x_range}")
        self.function = widgets.Dropdown(options=list(ACTIVATIONS), value=name,
                                         description="function")
        self.x_range = widgets.FloatRangeSlider(value=x_range, min=X_LIMITS[0], max=X_LIMITS[1],
                                                step=0.5,
                                                description="x range", readout_format=".1f")
        self.show_derivative = widgets.Checkbox(value=True, description="show derivative")
        self.x = self.y = self.dy = torch.empty(0)
        super().__init__([widgets.HBox([self.function, self.show_derivative]), self.x_range])
        self.widget.add_class("activation-explorer")

    def draw(self, fig: Figure) -> None:
        low, high = self.x_range.value
        fn = ACTIVATIONS[self.function.value]
        self.x = torch.linspace(low, high, self.points)
        self.y = fn(self.x)
        self.dy = derivative(fn, self.x) if self.show_derivative.value else torch.empty(0)
        ax = fig.add_subplot()
        ax.axhline(0, color="grey", linewidth=0.5)
        ax.axvline(0, color="grey", linewidth=0.5)
        ax.plot(self.x, self.y, color=PLAIN, label=self.function.value)
        if self.show_derivative.value:
            ax.plot(self.x, self.dy, color=HIGHLIGHT, linestyle="--", label="derivative")
        ax.set_xlim(low, high)
        ax.set_xlabel("x")
        ax.legend(loc="upper left")
        ax.set_title(f"{self.function.value} on [{low:g}, {high:g}]", fontsize=10)

    def describe(self) -> str:
        low, high = self.x_range.value
        return f"ActivationExplorer({self.function.value} on [{low:g}, {high:g}])"
