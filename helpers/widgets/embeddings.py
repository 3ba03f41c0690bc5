"""Chapter 3 widgets: a sliding-window explorer and an embedding-space viewer.

- `SlidingWindowExplorer`: a strip of tokens; `max_length` and `stride` sliders; every window
  the dataset would cut is drawn under the strip (inputs as a bar, the extra target token as a
  dot), with the count from `helpers.data.count_windows` in the title.
- `EmbeddingSpaceViewer`: word vectors before and after training projected to 2-D with
  `helpers.embeddings.pca_2d`; pick a word and see it and its nearest neighbours (cosine
  similarity in the full space, from `helpers.embeddings.nearest_neighbours`).

Not handled: long token strips (the explorer is for a few dozen tokens; the labels get
unreadable beyond that) and more than a few hundred words in the viewer (labels overlap).
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import torch
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from helpers.data import count_windows
from helpers.embeddings import nearest_neighbours, pca_2d
from helpers.widgets._figure import FigureWidget


class SlidingWindowExplorer(FigureWidget):
    """Sliders for `max_length` and `stride` over a strip of tokens, windows drawn underneath.

    Attributes recorded by `draw` (for tests):
        windows: [(start, input positions, target positions), ...] for every window drawn.
        count: number of windows (0 when the strip is too short for one).
    """

    figsize = (7.0, 3.4)

    def __init__(self, tokens: Sequence[str], max_length: int = 4, stride: int = 4,
                 max_slider: int = 12) -> None:
        tokens = list(tokens)
        if len(tokens) < 2:
            raise ValueError(f"need at least 2 tokens to show a window, got {len(tokens)}")
        self.tokens = tokens
        self.windows: list[tuple[int, list[int], list[int]]] = []
        self.count = 0
        top = max(max_slider, max_length, stride)
        self.max_length = widgets.IntSlider(value=max_length, min=1, max=top,
                                            description="max_length")
        self.stride = widgets.IntSlider(value=stride, min=1, max=top, description="stride")
        super().__init__([self.max_length, self.stride])
        self.widget.add_class("sliding-window-explorer")

    def _compute(self) -> None:
        n, length, stride = len(self.tokens), self.max_length.value, self.stride.value
        try:
            self.count = count_windows(n, length, stride)
        except ValueError:
            self.count = 0
        self.windows = [(s, list(range(s, s + length)), list(range(s + 1, s + length + 1)))
                        for s in (i * stride for i in range(self.count))]

    def draw(self, fig: Figure) -> None:
        self._compute()
        n, length, stride = len(self.tokens), self.max_length.value, self.stride.value
        ax = fig.add_subplot()
        # the token strip on row 0
        used = {p for _, inputs, _ in self.windows for p in inputs}
        for i, token in enumerate(self.tokens):
            face = "#dbe9f6" if i in used else "#eeeeee"
            ax.add_patch(_box(i, 0, face))
            label = token if len(token) <= 6 else token[:5] + "…"  # keep the strip readable
            ax.text(i + 0.5, 0.5, label, ha="center", va="center", fontsize=6)
        # one row per window: a bar over the inputs, a dot on the extra target token
        colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
        for row, (start, _, _) in enumerate(self.windows, start=1):
            colour = colours[(row - 1) % len(colours)]
            ax.barh(-row + 0.5, length, left=start, height=0.6, color=colour, alpha=0.8)
            ax.plot(start + length + 0.5, -row + 0.5, "o", color=colour, markersize=4)
        rows = max(len(self.windows), 1)
        ax.set_xlim(0, n)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(-rows - 0.2, 1.1)
        ax.set_yticks([])
        ax.set_xlabel("token position  (bar = inputs, dot = the extra token the last target needs)",
                      fontsize=8)
        ax.tick_params(labelsize=7)
        if self.count:
            title = (f"{n} tokens, max_length={length}, stride={stride}: "
                     f"({n} - {length} - 1) // {stride} + 1 = {self.count} windows")
        else:
            title = (f"{n} tokens, max_length={length}: too short, one window needs "
                     f"{length + 1} tokens")
        ax.set_title(title, fontsize=9)

    def describe(self) -> str:
        return (f"Sliding windows over {len(self.tokens)} tokens: max_length="
                f"{self.max_length.value}, stride={self.stride.value} -> {self.count} windows")


def _box(x: int, y: int, face: str) -> Rectangle:
    return Rectangle((x + 0.03, y + 0.05), 0.94, 0.9, facecolor=face, edgecolor="#888888",
                     linewidth=0.5)


class EmbeddingSpaceViewer(FigureWidget):
    """2-D PCA of word vectors before/after training; the chosen word and its neighbours marked.

    Args:
        words: the label of each row, length n.
        spaces: {"before training": (n, dim) tensor, "after training": (n, dim) tensor, ...}.
        groups: optional word -> group name ("animal", "colour", ...), coloured in the plot.
        k: how many nearest neighbours to mark (cosine similarity among these n words).

    Attributes recorded by `draw` (for tests):
        points: (n, 2) tensor, the PCA coordinates plotted.
        neighbours: [(word, cosine similarity), ...] of the chosen word, most similar first.
    """

    figsize = (6.4, 4.4)

    def __init__(self, words: Sequence[str], spaces: dict[str, torch.Tensor],
                 groups: dict[str, str] | None = None, k: int = 5, word: str | None = None) -> None:
        self.words = list(words)
        if len(set(self.words)) != len(self.words):
            raise ValueError("words must be distinct (each one labels one row)")
        if not spaces:
            raise ValueError("spaces is empty: give at least one (n, dim) tensor of vectors")
        for name, vectors in spaces.items():
            if not isinstance(vectors, torch.Tensor) or vectors.dim() != 2 \
                    or vectors.shape[0] != len(self.words):
                got = tuple(vectors.shape) if isinstance(vectors, torch.Tensor) else vectors
                raise ValueError(f"spaces[{name!r}] must be ({len(self.words)}, dim), one row "
                                 f"per word, got {got}")
        if word is not None and word not in self.words:
            raise ValueError(f"word {word!r} is not among the {len(self.words)} words shown")
        self.spaces = {name: v.detach().float() for name, v in spaces.items()}
        self.groups = dict(groups or {})
        self.k = min(k, len(self.words) - 1)
        self.points = torch.empty(0, 2)
        self.neighbours: list[tuple[str, float]] = []
        self.word = widgets.Dropdown(options=self.words, value=word or self.words[0],
                                     description="word")
        self.space = widgets.ToggleButtons(options=list(self.spaces), description="")
        super().__init__([widgets.HBox([self.word, self.space])])
        self.widget.add_class("embedding-space-viewer")

    def draw(self, fig: Figure) -> None:
        vectors = self.spaces[self.space.value]
        self.points = pca_2d(vectors)
        chosen = self.words.index(self.word.value)
        self.neighbours = [(self.words[i], sim)
                           for i, sim in nearest_neighbours(vectors, chosen, self.k)]
        near = {w for w, _ in self.neighbours}
        ax = fig.add_subplot()
        names = sorted(set(self.groups.values()))
        palette = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
        colour_of = {g: palette[i % len(palette)] for i, g in enumerate(names)}
        for g in [*names, None]:
            idx = [i for i, w in enumerate(self.words) if self.groups.get(w) == g]
            if idx:
                ax.scatter(self.points[idx, 0], self.points[idx, 1], s=14,
                           color=colour_of.get(g, "#bbbbbb"), label=g or "other", alpha=0.7)
        for i, w in enumerate(self.words):
            if w == self.word.value or w in near:
                ax.annotate(w, self.points[i].tolist(), fontsize=8, xytext=(3, 3),
                            textcoords="offset points",
                            weight="bold" if w == self.word.value else "normal")
        ax.scatter(*self.points[chosen].tolist(), s=90, facecolors="none", edgecolors="red",
                   linewidths=1.5)
        nx = [self.words.index(w) for w in near]
        ax.scatter(self.points[nx, 0], self.points[nx, 1], s=60, facecolors="none",
                   edgecolors="orange", linewidths=1.2)
        if names:
            ax.legend(fontsize=7, loc="best")
        ax.set_xticks([])
        ax.set_yticks([])
        listing = ", ".join(f"{w} {s:.2f}" for w, s in self.neighbours)
        ax.set_title(f"{self.space.value}: '{self.word.value}' (red), nearest (orange):\n"
                     f"{listing}", fontsize=8)

    def describe(self) -> str:
        return (f"Embedding space of {len(self.words)} words ({self.space.value}): "
                f"'{self.word.value}' and its {self.k} nearest neighbours")
