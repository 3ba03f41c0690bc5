"""Chapter 2's header figure: one sentence cut into tokens three ways, with each token's id.

Rows: single bytes (what byte-level BPE starts from), the word tokenizer, and a BPE tokenizer
trained on the course's generated stories. Pieces are drawn at their place in the sentence
(monospace, one column per character), so longer tokens are visibly wider boxes.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from helpers.corpus import generate_corpus
from helpers.tokenizers import BPETokenizer, WordTokenizer
from helpers.tokenizers.word import WORD_PATTERN

SENTENCE = "The little fox found a shiny key. Unbelievable!"
COLOURS = ("#ffd6a5", "#caffbf", "#9bf6ff", "#bdb2ff", "#ffc6ff", "#fdffb6")


def _spans(pieces: list[str]) -> list[tuple[int, int]]:
    """(start, end) character offsets of pieces that together spell the text."""
    spans, position = [], 0
    for piece in pieces:
        spans.append((position, position + len(piece)))
        position += len(piece)
    return spans


def _row(ax, y: float, label: str, spans: list[tuple[int, int]], pieces: list[str],
         ids: list[int]) -> None:
    """One row of boxes: `pieces[i]` drawn over characters `spans[i]`, its id below."""
    ax.text(-1.0, y, label, ha="right", va="center", fontsize=11, fontweight="bold")
    for i, ((start, end), piece, token_id) in enumerate(zip(spans, pieces, ids, strict=True)):
        ax.add_patch(FancyBboxPatch((start + 0.08, y - 0.32), end - start - 0.16, 0.64,
                                    boxstyle="round,pad=0,rounding_size=0.15",
                                    facecolor=COLOURS[i % len(COLOURS)], edgecolor="none"))
        shrink = min(1.0, (end - start) / len(piece))  # "<|unk|>" over a short word
        ax.text((start + end) / 2, y, piece.replace(" ", "·"), ha="center", va="center",
                family="monospace", fontsize=12 * shrink)
        narrow = len(str(token_id)) > 1.6 * (end - start)
        ax.text((start + end) / 2, y - 0.42, str(token_id), ha="center", va="top",
                fontsize=6.5, color="#444", rotation=90 if narrow else 0)


def make(images_dir: Path) -> list[Path]:
    text = generate_corpus(target_chars=300_000, seed=0).text
    word = WordTokenizer.from_text(text)
    bpe = BPETokenizer.train(text, vocab_size=1024)

    byte_ids = list(SENTENCE.encode("utf-8"))  # the sentence is ASCII: one byte per character
    bpe_ids = bpe.encode(SENTENCE)
    bpe_pieces = [bpe.token_bytes(i).decode("utf-8") for i in bpe_ids]
    # The word tokenizer drops spaces: place each word where the regex found it.
    word_spans = [m.span() for m in WORD_PATTERN.finditer(SENTENCE)]
    rows = [
        ("bytes", [(i, i + 1) for i in range(len(byte_ids))], list(SENTENCE), byte_ids),
        ("words", word_spans, word.tokenize(SENTENCE), word.encode(SENTENCE)),
        ("BPE", _spans(bpe_pieces), bpe_pieces, bpe_ids),
    ]
    fig = Figure(figsize=(10, 3.0), layout="constrained")
    ax = fig.add_subplot()
    for k, (label, spans, pieces, ids) in enumerate(rows):
        _row(ax, -1.6 * k, label, spans, pieces, ids)
    ax.set_xlim(-6.5, len(SENTENCE) + 0.5)
    ax.set_ylim(-1.6 * (len(rows) - 1) - 1.1, 0.6)
    ax.axis("off")
    ax.set_title("text → tokens → ids: the same sentence cut three ways", fontsize=12)

    path = images_dir / "02_tokenization.png"
    fig.savefig(path, dpi=100, metadata={"Software": None})
    return [path]


if __name__ == "__main__":
    print(make(Path(__file__).resolve().parent.parent / "images"))
