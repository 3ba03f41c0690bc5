"""Figures for chapter 3 (embeddings): the header picture `images/03_embeddings.png`.

The picture: three tokens; each one's id picks one row of the token-embedding
matrix; the position vectors of positions 0, 1, 2 are added; the sums are what the model
sees. On the right, the whole sinusoidal position table. Numbers come from seeded layers, so
the image is the same on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from matplotlib.figure import Figure

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers.embeddings import sinusoidal_encoding  # noqa: E402


def make(images_dir: Path) -> list[Path]:
    images_dir.mkdir(parents=True, exist_ok=True)
    path = images_dir / "03_embeddings.png"
    words = ["Once", "upon", "a"]
    dim = 8
    gen = torch.Generator().manual_seed(3)
    tokens = torch.randn(3, dim, generator=gen) * 0.8
    positions = sinusoidal_encoding(3, dim) * 0.8
    total = tokens + positions

    fig = Figure(figsize=(10, 3.2), dpi=100, layout="constrained")
    grid = fig.add_gridspec(1, 5, width_ratios=[1.0, 1.0, 1.0, 1.0, 1.6])
    panels = [("token embedding\n(row = id)", tokens), ("+ position\nembedding", positions),
              ("= input vectors\n(batch, seq_len, emb_dim)", total)]
    ax = fig.add_subplot(grid[0])
    ax.axis("off")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.5, 2.5)
    ax.invert_yaxis()
    for row, word in enumerate(words):
        ax.text(0.05, row, f'"{word}"', fontsize=12, va="center")
        ax.text(0.62, row, "→ id", fontsize=11, va="center", color="#555555")
    ax.set_title("tokens", fontsize=11)
    for col, (title, values) in enumerate(panels, start=1):
        ax = fig.add_subplot(grid[col])
        ax.imshow(values.numpy(), cmap="RdBu_r", vmin=-2, vmax=2, aspect="auto")
        ax.set_xticks([])
        ax.set_yticks(range(3), [f"pos {i}" for i in range(3)] if col == 2 else ["", "", ""],
                      fontsize=9)
        ax.set_title(title, fontsize=10)
    ax = fig.add_subplot(grid[4])
    table = sinusoidal_encoding(64, 32)
    ax.imshow(table.numpy(), cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
    ax.set_xlabel("dimension", fontsize=9)
    ax.set_ylabel("position", fontsize=9)
    ax.set_title("sinusoidal position table\n(64 positions x 32 dims)", fontsize=10)
    fig.suptitle("Chapter 3: token ids become vectors, and vectors learn their position",
                 fontsize=12)
    fig.savefig(path, dpi=100, metadata={"Software": None})
    return [path]


if __name__ == "__main__":
    for p in make(Path(__file__).resolve().parent.parent / "images"):
        print(p)
