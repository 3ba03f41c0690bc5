"""Plumbing shared by every course widget: controls that redraw a matplotlib figure.

Why the figure is written into the Output widget as a PNG instead of `with out: display(fig)`:
nbval (which compares every notebook's stored outputs) cannot replay the display messages an
Output widget captures, and fails with "dissimilar number of outputs". Setting
`Output.outputs` directly looks the same in JupyterLab, stores nothing extra in the notebook,
and lets a test read back exactly the picture the learner sees (`last_png`).

Figures are made with `matplotlib.figure.Figure`, never `pyplot`, so a later `plt.show()` in
the notebook does not show them a second time.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

# One size and resolution for every widget figure, so PNGs are comparable byte for byte.
FIGSIZE = (6.0, 3.2)
DPI = 80


def render_png(draw: Callable[[Figure], None], figsize: tuple[float, float] = FIGSIZE) -> bytes:
    """Make a new figure, let `draw(fig)` fill it, and return it as PNG bytes.

    The PNG carries no software/date metadata, so the same drawing gives the same bytes.
    """
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    draw(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def show_png(out: widgets.Output, png: bytes, alt: str = "figure") -> None:
    """Replace whatever `out` shows with the picture `png` (see the module docstring for why)."""
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": alt},
            "metadata": {},
        },
    )


class FigureWidget:
    """Base class: some controls above a figure that is redrawn whenever a control changes.

    A subclass builds its controls in `__init__`, calls `super().__init__(controls)`, and
    implements `draw(fig)` (and `describe()` for the one-line text stored in the notebook).
    Tests drive it without a browser: set `control.value = ...` (the same observer a drag
    fires), then read `last_png` or whatever data the subclass records in `draw`.

    Attributes:
        output: the Output widget that shows the figure.
        widget: the whole thing (controls + figure) as one ipywidgets container.
        last_png: PNG bytes of the figure currently shown.
        redraws: how many times the figure has been drawn (1 after construction).
    """

    figsize: tuple[float, float] = FIGSIZE

    def __init__(self, controls: list[widgets.Widget]) -> None:
        self.output = widgets.Output()
        self.widget = widgets.VBox([*controls, self.output])
        self.last_png: bytes = b""
        self.redraws = 0
        for control in controls:
            self._watch(control)
        self.redraw()

    def _watch(self, control: widgets.Widget) -> None:
        """Redraw when `control` (or, for a container, any control inside it) changes value."""
        if isinstance(control, widgets.Box):
            for child in control.children:
                self._watch(child)
        elif control.has_trait("value"):  # not `.keys`: selection widgets sync "index" only
            control.observe(self.redraw, names="value")

    def draw(self, fig: Figure) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:
        """One stable line: what the notebook stores (and nbval compares) for this widget."""
        return type(self).__name__

    def redraw(self, *_: Any) -> None:
        self.last_png = render_png(self.draw, self.figsize)
        show_png(self.output, self.last_png, alt=self.describe())
        self.redraws += 1

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.describe()
        return bundle
