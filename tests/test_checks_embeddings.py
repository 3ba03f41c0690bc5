"""Tests for helpers.checks.embeddings: right answers pass, wrong ones get a precise message."""

from __future__ import annotations

import re

import pytest
import torch

from helpers.checks.embeddings import (
    check_embedding_lookup,
    check_sinusoidal_encoding,
    check_sliding_windows,
)


def not_attempted(*args):
    raise NotImplementedError


# ---------------------------------------------------------------- sinusoidal encoding


def good_sinusoidal(context_length, dim):
    pos = torch.arange(context_length).unsqueeze(1).float()
    i = torch.arange(0, dim, 2).float()
    angles = pos / 10000 ** (i / dim)
    pe = torch.zeros(context_length, dim)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles)
    return pe


def swapped_sin_cos(context_length, dim):
    pe = good_sinusoidal(context_length, dim)
    return pe[:, [j + 1 if j % 2 == 0 else j - 1 for j in range(dim)]]


def wrong_exponent(context_length, dim):  # uses i/dim instead of 2i/dim
    pos = torch.arange(context_length).unsqueeze(1).float()
    i = torch.arange(0, dim // 2).float()
    angles = pos / 10000 ** (i / dim)
    pe = torch.zeros(context_length, dim)
    pe[:, 0::2] = torch.sin(angles)
    pe[:, 1::2] = torch.cos(angles)
    return pe


def transposed(context_length, dim):
    return good_sinusoidal(context_length, dim).T


def all_sines(context_length, dim):
    pe = good_sinusoidal(context_length, dim)
    pe[:, 1::2] = torch.sin(torch.asin(pe[:, 0::2]))  # sin in the odd columns too
    return pe


def test_sinusoidal_check(capsys) -> None:
    assert check_sinusoidal_encoding(good_sinusoidal) is True
    assert "all 4 cases pass" in capsys.readouterr().out
    assert check_sinusoidal_encoding(not_attempted) is None
    assert "not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("fn, message", [
    (swapped_sin_cos, "even columns hold cosines"),
    (wrong_exponent, r"sinusoidal_encoding\(4, 4\): PE\[1, 2\] is 0.0998334, expected 0.00999983"),
    (transposed, r"sinusoidal_encoding\(4, 4\)|expected shape \(1, 2\), got \(2, 1\)"),
    (all_sines, r"row 0 \(position 0\) should be \[0, 1, 0, 1, ...\]"),
])
def test_sinusoidal_check_wrong(fn, message, capsys) -> None:
    assert check_sinusoidal_encoding(fn) is False
    out = capsys.readouterr().out
    assert out.startswith("❌ sinusoidal_encoding")
    assert re.search(message, out), out


# ---------------------------------------------------------------- sliding windows


def good_windows(ids, max_length, stride):
    return [(ids[s:s + max_length], ids[s + 1:s + max_length + 1])
            for s in range(0, len(ids) - max_length, stride)]


def off_by_one_count(ids, max_length, stride):  # forgets that the last target needs one more id
    return [(ids[s:s + max_length], ids[s + 1:s + max_length + 1])
            for s in range(0, len(ids) - max_length + 1, stride)]


def no_shift(ids, max_length, stride):
    return [(ids[s:s + max_length], ids[s:s + max_length])
            for s in range(0, len(ids) - max_length, stride)]


def ignores_stride(ids, max_length, stride):
    return [(ids[s:s + max_length], ids[s + 1:s + max_length + 1])
            for s in range(0, len(ids) - max_length, max_length)]


def shift_by_two(ids, max_length, stride):
    return [(ids[s:s + max_length], ids[s + 2:s + max_length + 2])
            for s in range(0, len(ids) - max_length, stride)]


def returns_tensors(ids, max_length, stride):
    t = torch.tensor(ids)
    return [(t[s:s + max_length], t[s + 1:s + max_length + 1])
            for s in range(0, len(ids) - max_length, stride)]


def test_windows_check(capsys) -> None:
    assert check_sliding_windows(good_windows) is True
    assert check_sliding_windows(returns_tensors) is True
    assert check_sliding_windows(not_attempted) is None
    out = capsys.readouterr().out
    assert out.count("all 6 cases pass") == 2 and "not attempted yet" in out


@pytest.mark.parametrize("fn, message", [
    (off_by_one_count, "10 ids, max_length=4, stride=2: returned 4 windows, expected 3"),
    (no_shift, "window 0's target equals its input"),
    (ignores_stride, "10 ids, max_length=4, stride=2: returned 2 windows, expected 3 "
                     "(inputs starting at positions [0, 2, 4])"),
    (shift_by_two, "window 0's target is [114, 121, 128, 135], expected [107, 114, 121, 128]"),
])
def test_windows_check_wrong(fn, message, capsys) -> None:
    assert check_sliding_windows(fn) is False
    out = capsys.readouterr().out
    assert message in out, out


# ---------------------------------------------------------------- one-hot lookup


def good_lookup(ids, weight):
    one_hot = torch.nn.functional.one_hot(ids, weight.shape[0]).float()
    return one_hot @ weight


def off_by_one_lookup(ids, weight):
    return weight[(ids + 1) % weight.shape[0]]


def transposed_product(ids, weight):
    one_hot = torch.nn.functional.one_hot(ids, weight.shape[0]).float()
    return (one_hot @ weight).T


def integer_one_hot(ids, weight):
    return torch.nn.functional.one_hot(ids, weight.shape[0]) @ weight  # long @ float


def test_lookup_check(capsys) -> None:
    assert check_embedding_lookup(good_lookup) is True
    assert check_embedding_lookup(lambda ids, w: w[ids]) is True
    assert check_embedding_lookup(not_attempted) is None
    out = capsys.readouterr().out
    assert out.count("all 5 cases pass") == 2 and "not attempted yet" in out


def flattens_batches(ids, weight):  # works for 1-D ids, loses the batch shape for 2-D
    one_hot = torch.nn.functional.one_hot(ids.flatten(), weight.shape[0]).float()
    return one_hot @ weight


@pytest.mark.parametrize("fn, message", [
    (flattens_batches, "ids [[6, 1, 0], [2, 2, 5]] with a (7, 2) weight: expected shape "
                       "(2, 3, 2), got (6, 2)"),
    (off_by_one_lookup, "ids [2] with a (5, 3) weight: result[0] (id 2) should be weight[2], "
                        "got a different vector (that is row 3 of the weight)"),
    (transposed_product, "expected shape (3, 3), got (3, 1)|expected shape (1, 3), got (3, 1)"),
    (integer_one_hot, "your function raised RuntimeError"),
])
def test_lookup_check_wrong(fn, message, capsys) -> None:
    assert check_embedding_lookup(fn) is False
    out = capsys.readouterr().out
    assert any(m in out for m in message.split("|")), out
