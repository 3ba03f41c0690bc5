"""Tests for helpers.embeddings: sinusoidal table, InputEmbedding, PCA and nearest neighbours."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from helpers.embeddings import InputEmbedding, nearest_neighbours, pca_2d, sinusoidal_encoding

# ---------------------------------------------------------------- sinusoidal encoding


def test_sinusoidal_matches_formula_element_by_element() -> None:
    ctx, dim = 7, 6
    table = sinusoidal_encoding(ctx, dim)
    assert table.shape == (ctx, dim) and table.dtype == torch.float32
    for pos in range(ctx):
        for j in range(dim):
            angle = pos / 10000 ** ((j - j % 2) / dim)
            want = math.sin(angle) if j % 2 == 0 else math.cos(angle)
            assert table[pos, j].item() == pytest.approx(want, abs=1e-6)


def test_sinusoidal_properties() -> None:
    table = sinusoidal_encoding(200, 32)
    assert table.abs().max() <= 1.0
    assert table[0].tolist() == [0.0, 1.0] * 16  # sin 0 = 0, cos 0 = 1
    # each (sin, cos) pair lies on the unit circle, so every row has length sqrt(dim / 2)
    pairs = table.view(200, 16, 2)
    torch.testing.assert_close(pairs.pow(2).sum(-1), torch.ones(200, 16))
    torch.testing.assert_close(table.norm(dim=1), torch.full((200,), 4.0))
    # the first column is sin(pos): one radian per position
    torch.testing.assert_close(table[:, 0], torch.sin(torch.arange(200.0)))
    # rows are all different: the table tells every position apart
    assert len({tuple(row.tolist()) for row in table}) == 200


@pytest.mark.parametrize("offset", [1, 3, 10, 50])
def test_sinusoidal_similarity_depends_only_on_offset(offset: int) -> None:
    table = sinusoidal_encoding(120, 16).double()
    dots = (table[:-offset] * table[offset:]).sum(-1)  # PE[i] . PE[i + offset] for every i
    torch.testing.assert_close(dots, torch.full_like(dots, dots[0].item()), atol=1e-5, rtol=0)
    # and equals sum over pairs of cos(offset * w_i)
    freqs = 10000 ** (-torch.arange(0, 16, 2, dtype=torch.float64) / 16)
    assert dots[0].item() == pytest.approx(torch.cos(offset * freqs).sum().item(), abs=1e-5)


def test_sinusoidal_nearby_positions_are_more_similar() -> None:
    table = sinusoidal_encoding(64, 64)
    sims = table @ table[20]  # dot product of every row with row 20
    assert sims.argmax().item() == 20
    assert sims[19] > sims[15] > sims[10] and sims[21] > sims[25] > sims[30]


@pytest.mark.parametrize("ctx, dim, error, message", [
    (10, 7, ValueError, "dim must be even.*got 7"),
    (0, 8, ValueError, "context_length must be at least 1, got 0"),
    (10, 0, ValueError, "dim must be at least 1"),
    (10.0, 8, TypeError, "context_length must be an int"),
])
def test_sinusoidal_bad_arguments(ctx, dim, error, message) -> None:
    with pytest.raises(error, match=message):
        sinusoidal_encoding(ctx, dim)


# ---------------------------------------------------------------- InputEmbedding


@pytest.mark.parametrize("positions", ["learned", "sinusoidal"])
def test_input_embedding_is_token_plus_position(positions: str) -> None:
    torch.manual_seed(0)
    layer = InputEmbedding(vocab_size=20, context_length=8, emb_dim=6, positions=positions)
    ids = torch.tensor([[3, 3, 7, 19, 0], [1, 2, 3, 4, 5]])
    out = layer(ids)
    assert out.shape == (2, 5, 6)
    if positions == "learned":
        pos = layer.position_embedding.weight[:5]
    else:
        pos = sinusoidal_encoding(8, 6)[:5]
    torch.testing.assert_close(out, layer.token_embedding.weight[ids] + pos)
    # the same token at two positions gets two different vectors
    assert not torch.allclose(out[0, 0], out[0, 1])


def test_learned_positions_are_parameters_sinusoidal_are_not() -> None:
    learned = InputEmbedding(10, 4, 8)
    fixed = InputEmbedding(10, 4, 8, positions="sinusoidal")
    assert sum(p.numel() for p in learned.parameters()) == 10 * 8 + 4 * 8
    assert sum(p.numel() for p in fixed.parameters()) == 10 * 8
    assert "position_table" in dict(fixed.named_buffers())


def test_full_context_length_is_accepted() -> None:
    layer = InputEmbedding(5, 4, 2)
    assert layer(torch.zeros(3, 4, dtype=torch.long)).shape == (3, 4, 2)
    assert layer(torch.zeros(1, 4, dtype=torch.int32)).shape == (1, 4, 2)


def test_dropout_only_in_training() -> None:
    torch.manual_seed(0)
    layer = InputEmbedding(50, 16, 32, drop_rate=0.5)
    ids = torch.randint(0, 50, (4, 16))
    layer.eval()
    assert torch.equal(layer(ids), layer(ids))
    no_drop = layer(ids)
    layer.train()
    dropped = layer(ids)
    zeros = (dropped == 0).float().mean().item()
    assert 0.4 < zeros < 0.6  # about half the entries are zeroed
    kept = dropped != 0
    torch.testing.assert_close(dropped[kept], 2 * no_drop[kept])  # the rest scaled by 1/(1-p)


@pytest.mark.parametrize("ids, error, message", [
    (torch.tensor([[1, 2, 3, 4, 5, 6]]), ValueError,
     r"sequence of 6 tokens is longer than the context length 5"),
    (torch.tensor([[1, 2, 10, 3]]), ValueError,
     r"token id 10 at \[batch 0, position 2\] is outside the vocabulary: valid ids are 0 \.\. 9"),
    (torch.tensor([[1, 2], [0, -1]]), ValueError, r"token id -1 at \[batch 1, position 1\]"),
    (torch.tensor([[1.0, 2.0]]), TypeError, "integer tensor.*float32"),
    (torch.tensor([1, 2, 3]), ValueError, r"\(batch, seq_len\), got shape \(3,\).*unsqueeze\(0\)"),
    (torch.zeros(2, 2, 2, dtype=torch.long), ValueError, r"got shape \(2, 2, 2\)"),
    (torch.zeros(2, 0, dtype=torch.long), ValueError, "seq_len 0"),
    ([[1, 2]], TypeError, "must be a torch.Tensor"),
])
def test_input_embedding_clear_errors(ids, error, message) -> None:
    layer = InputEmbedding(vocab_size=10, context_length=5, emb_dim=4)
    with pytest.raises(error, match=message):
        layer(ids)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(vocab_size=0, context_length=4, emb_dim=8), ValueError, "vocab_size must be at least 1"),
    (dict(vocab_size=10, context_length=4, emb_dim=8, drop_rate=1.0), ValueError, "drop_rate"),
    (dict(vocab_size=10, context_length=4, emb_dim=8, positions="rotary"), ValueError,
     "positions must be one of"),
    (dict(vocab_size=10, context_length=4, emb_dim=7, positions="sinusoidal"), ValueError,
     "dim must be even"),
    (dict(vocab_size=10, context_length=4.5, emb_dim=8), TypeError,
     "context_length must be an int"),
])
def test_input_embedding_bad_construction(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        InputEmbedding(**kwargs)


def test_only_rows_in_the_batch_get_gradients() -> None:
    torch.manual_seed(0)
    layer = InputEmbedding(vocab_size=30, context_length=6, emb_dim=4)
    ids = torch.tensor([[4, 9, 9, 17], [2, 4, 25, 0]])
    layer(ids).pow(2).sum().backward()
    rows_with_grad = (layer.token_embedding.weight.grad.abs().sum(1) != 0).nonzero().flatten()
    assert rows_with_grad.tolist() == sorted(set(ids.flatten().tolist()))
    # positions 0..3 were used, 4 and 5 were not
    pos_rows = (layer.position_embedding.weight.grad.abs().sum(1) != 0).nonzero().flatten()
    assert pos_rows.tolist() == [0, 1, 2, 3]


def test_embedding_lookup_equals_one_hot_times_weight() -> None:
    torch.manual_seed(0)
    emb = nn.Embedding(12, 5)
    ids = torch.tensor([0, 7, 7, 11])
    one_hot = nn.functional.one_hot(ids, 12).float()  # (4, 12)
    torch.testing.assert_close(one_hot @ emb.weight, emb(ids))


# ---------------------------------------------------------------- PCA and neighbours


def test_pca_2d_recovers_the_spread_directions() -> None:
    gen = torch.Generator().manual_seed(0)
    # points spread mostly along (1, 1, 0, 0), a little along (0, 0, 1, -1), tiny noise
    a = torch.randn(200, 1, generator=gen) * 10
    b = torch.randn(200, 1, generator=gen) * 3
    d1 = torch.tensor([1.0, 1.0, 0.0, 0.0]) / math.sqrt(2)
    d2 = torch.tensor([0.0, 0.0, 1.0, -1.0]) / math.sqrt(2)
    x = a * d1 + b * d2 + 0.01 * torch.randn(200, 4, generator=gen) + 5.0
    proj = pca_2d(x)
    assert proj.shape == (200, 2)
    torch.testing.assert_close(proj.mean(0), torch.zeros(2), atol=1e-4, rtol=0)
    # up to sign, the two coordinates are a and b
    assert abs(torch.corrcoef(torch.stack([proj[:, 0], a[:, 0]]))[0, 1]) > 0.999
    assert abs(torch.corrcoef(torch.stack([proj[:, 1], b[:, 0]]))[0, 1]) > 0.99
    torch.testing.assert_close(pca_2d(x), proj)  # deterministic
    # the directions' signs are fixed by the data, not by the SVD routine: shuffling the rows
    # shuffles the points and flips nothing
    perm = torch.randperm(200, generator=gen)
    torch.testing.assert_close(pca_2d(x[perm]), proj[perm], atol=1e-3, rtol=0)


def test_pca_2d_errors() -> None:
    with pytest.raises(ValueError, match=r"2-D tensor \(n, dim\), got \(5,\)"):
        pca_2d(torch.zeros(5))
    with pytest.raises(ValueError, match="at least 2 vectors"):
        pca_2d(torch.zeros(1, 4))


def test_nearest_neighbours_by_cosine() -> None:
    vectors = torch.tensor([[1.0, 0.0], [10.0, 1.0], [0.0, 1.0], [-1.0, 0.0], [1.0, 1.0]])
    got = nearest_neighbours(vectors, 0, k=3)
    assert [i for i, _ in got] == [1, 4, 2]  # length does not matter, direction does
    assert got[1][1] == pytest.approx(1 / math.sqrt(2), abs=1e-6)
    assert nearest_neighbours(vectors, 0, k=4)[-1] == (3, -1.0)
    with pytest.raises(ValueError, match="index 5 out of range"):
        nearest_neighbours(vectors, 5)
    with pytest.raises(ValueError, match="k must be between 1 and 4"):
        nearest_neighbours(vectors, 0, k=5)
