"""Chapter 1's header figure: four activation functions, and softmax at three temperatures."""

from __future__ import annotations

from pathlib import Path

import torch
from matplotlib.figure import Figure

from helpers.activations import ACTIVATIONS, softmax


def make(images_dir: Path) -> list[Path]:
    fig = Figure(figsize=(9, 3.2), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=(1, 1.2))

    x = torch.linspace(-4, 4, 200)
    for name in ("relu", "sigmoid", "tanh", "gelu"):
        left.plot(x, ACTIVATIONS[name](x), label=name, linewidth=2)
    left.axhline(0, color="grey", linewidth=0.5)
    left.axvline(0, color="grey", linewidth=0.5)
    left.set_ylim(-1.5, 3)
    left.legend(loc="upper left")
    left.set_title("activations: one number in, one number out")

    logits = torch.tensor([2.0, 1.0, 0.1, -1.0])
    labels = ["cat", "dog", "bird", "fish"]
    width = 0.26
    for i, t in enumerate((0.5, 1.0, 2.0)):
        probs = softmax(logits, temperature=t)
        positions = [j + (i - 1) * width for j in range(len(labels))]
        right.bar(positions, probs.tolist(), width=width, label=f"temperature {t:g}")
    right.set_xticks(range(len(labels)), labels)
    right.set_ylabel("probability")
    right.legend()
    right.set_title("softmax: scores in, probabilities out")

    path = images_dir / "01_activations_and_softmax.png"
    fig.savefig(path, dpi=100, metadata={"Software": None})
    return [path]
