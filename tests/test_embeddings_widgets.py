"""Tests for helpers.widgets.embeddings, driven without a browser (set a control, read state)."""

from __future__ import annotations

import pytest
import torch

from helpers.embeddings import nearest_neighbours, pca_2d
from helpers.widgets.embeddings import EmbeddingSpaceViewer, SlidingWindowExplorer

TOKENS = "Once upon a time , a little fox named Pip lived in a green wood . <|endoftext|>".split()


def test_explorer_windows_follow_the_sliders() -> None:
    w = SlidingWindowExplorer(TOKENS, max_length=4, stride=4)
    n = len(TOKENS)  # 17
    assert w.count == (n - 5) // 4 + 1 == 4
    assert [s for s, _, _ in w.windows] == [0, 4, 8, 12]
    start, inputs, targets = w.windows[1]
    assert inputs == [4, 5, 6, 7] and targets == [5, 6, 7, 8]
    png, redraws = w.last_png, w.redraws
    w.stride.value = 1
    assert w.redraws == redraws + 1 and w.last_png != png
    assert w.count == n - 4 == 13
    assert "stride=1 -> 13 windows" in w.describe()
    w.max_length.value = 12
    w.stride.value = 12  # stride larger than what is left: only one window fits
    assert w.count == 1 and w.windows[0][1] == list(range(12))


def test_explorer_too_short_shows_no_windows() -> None:
    w = SlidingWindowExplorer(TOKENS[:5], max_length=4, stride=1)
    assert w.count == 1  # exact fit: 4 inputs + 1 extra target
    w.max_length.value = 5
    assert w.count == 0 and w.windows == []
    assert "-> 0 windows" in w.describe()


def test_explorer_container_class_and_errors() -> None:
    w = SlidingWindowExplorer(TOKENS)
    assert "sliding-window-explorer" in w.widget._dom_classes
    assert w._repr_mimebundle_()["text/plain"] == w.describe()
    with pytest.raises(ValueError, match="at least 2 tokens"):
        SlidingWindowExplorer(["solo"])


def _spaces() -> tuple[list[str], dict[str, torch.Tensor]]:
    gen = torch.Generator().manual_seed(0)
    words = ["cat", "dog", "fox", "red", "blue", "green", "Pip", "Tom"]
    before = torch.randn(8, 6, generator=gen)
    centres = torch.randn(3, 6, generator=gen) * 3
    group = torch.tensor([0, 0, 0, 1, 1, 1, 2, 2])
    after = centres[group] + 0.1 * torch.randn(8, 6, generator=gen)
    return words, {"before training": before, "after training": after}


def test_viewer_switches_space_and_word() -> None:
    words, spaces = _spaces()
    groups = {"cat": "animal", "dog": "animal", "fox": "animal", "red": "colour"}
    v = EmbeddingSpaceViewer(words, spaces, groups=groups, k=2, word="cat")
    assert "embedding-space-viewer" in v.widget._dom_classes
    torch.testing.assert_close(v.points, pca_2d(spaces["before training"]))
    want_before = [(words[i], s) for i, s in nearest_neighbours(spaces["before training"], 0, 2)]
    assert v.neighbours == want_before
    redraws = v.redraws
    v.space.value = "after training"
    assert v.redraws == redraws + 1  # one change, one redraw
    torch.testing.assert_close(v.points, pca_2d(spaces["after training"]))
    assert {w for w, _ in v.neighbours} == {"dog", "fox"}  # the animals cluster after training
    v.word.value = "blue"
    assert {w for w, _ in v.neighbours} == {"red", "green"}
    assert v.describe() == ("Embedding space of 8 words (after training): 'blue' and its 2 "
                            "nearest neighbours")


def test_viewer_errors() -> None:
    words, spaces = _spaces()
    with pytest.raises(ValueError, match=r"must be \(8, dim\), one row per word, got \(7, 6\)"):
        EmbeddingSpaceViewer(words, {"x": spaces["before training"][:7]})
    with pytest.raises(ValueError, match="'owl' is not among the 8 words"):
        EmbeddingSpaceViewer(words, spaces, word="owl")
    with pytest.raises(ValueError, match="distinct"):
        EmbeddingSpaceViewer(["a", "a"], {"x": torch.zeros(2, 2)})
    with pytest.raises(ValueError, match="spaces is empty"):
        EmbeddingSpaceViewer(words, {})
