"""Tests for helpers.data: sliding windows over token ids and the dataloader."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data import SlidingWindowDataset, count_windows, create_dataloader


def brute_force_windows(ids: list[int], max_length: int, stride: int) -> list[tuple[list, list]]:
    """Every window the definition allows, found by trying every start position."""
    out = []
    for start in range(0, len(ids), stride):
        if start + max_length + 1 <= len(ids):
            out.append((ids[start:start + max_length], ids[start + 1:start + max_length + 1]))
    return out


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 60), max_length=st.integers(1, 12), stride=st.integers(1, 15))
def test_windows_match_brute_force(n: int, max_length: int, stride: int) -> None:
    ids = list(range(100, 100 + n))
    want = brute_force_windows(ids, max_length, stride)
    if not want:
        with pytest.raises(ValueError, match="needs at least"):
            SlidingWindowDataset(ids, max_length, stride)
        return
    ds = SlidingWindowDataset(ids, max_length, stride)
    assert len(ds) == len(want) == count_windows(n, max_length, stride)
    got = [(x.tolist(), y.tolist()) for x, y in ds]
    assert got == want


def test_targets_are_inputs_shifted_by_one() -> None:
    ids = torch.randint(0, 50, (40,), generator=torch.Generator().manual_seed(1))
    ds = SlidingWindowDataset(ids, max_length=6, stride=3)
    for i in range(len(ds)):
        x, y = ds[i]
        assert x.dtype == y.dtype == torch.long
        assert x.shape == y.shape == (6,)
        assert torch.equal(x[1:], y[:-1])  # the same ids, one step later
        start = i * 3
        assert torch.equal(x, ids[start:start + 6])
        assert y[-1] == ids[start + 6]  # the last target is the id just after the window


def test_exact_fit_gives_one_window() -> None:
    ds = SlidingWindowDataset(list(range(5)), max_length=4, stride=1)
    assert len(ds) == 1
    x, y = ds[0]
    assert x.tolist() == [0, 1, 2, 3] and y.tolist() == [1, 2, 3, 4]


def test_one_id_short_of_exact_fit_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"got 4 token ids.*needs at least 5"):
        SlidingWindowDataset(list(range(4)), max_length=4, stride=1)


@pytest.mark.parametrize("n, want", [(5, 1), (14, 1), (15, 2), (25, 3), (24, 2)])
def test_stride_larger_than_window_skips_ids(n: int, want: int) -> None:
    # max_length 4, stride 10: starts 0, 10, 20 ... need start + 5 <= n
    ds = SlidingWindowDataset(list(range(n)), max_length=4, stride=10)
    assert len(ds) == want == (n - 5) // 10 + 1
    assert ds.window_starts() == [10 * i for i in range(want)]
    assert ds[-1][0][0].item() == 10 * (want - 1)


def test_stride_equal_to_window_uses_each_id_once_as_input() -> None:
    ds = SlidingWindowDataset(list(range(13)), max_length=4, stride=4)
    inputs = torch.cat([x for x, _ in ds]).tolist()
    assert inputs == list(range(12))  # 3 windows; id 12 is only ever a target


def test_index_out_of_range() -> None:
    ds = SlidingWindowDataset(list(range(10)), max_length=3, stride=3)
    assert len(ds) == 3
    with pytest.raises(IndexError, match="window 3 out of range"):
        ds[3]
    assert ds[-3][0].tolist() == ds[0][0].tolist()


@pytest.mark.parametrize("bad, error, message", [
    ("some text", TypeError, "encode it with a tokenizer"),
    ([[1, 2, 3], [4, 5, 6]], ValueError, r"1-D.*\(2, 3\)"),
    (torch.tensor([0.5, 1.0, 2.0, 3.0]), TypeError, "integers.*float"),
    ([1, 2, -3, 4, 5], ValueError, "-3 at position 2"),
    ([1, "a", 2], TypeError, "sequence of integer ids"),
    ([], ValueError, "got 0 token ids"),
])
def test_bad_token_ids(bad, error, message) -> None:
    with pytest.raises(error, match=message):
        SlidingWindowDataset(bad, max_length=2, stride=1)


@pytest.mark.parametrize("max_length, stride, error, message", [
    (0, 1, ValueError, "max_length must be at least 1, got 0"),
    (2, 0, ValueError, "stride must be at least 1, got 0"),
    (2.0, 1, TypeError, "max_length must be an int"),
    (2, True, TypeError, "stride must be an int"),
])
def test_bad_window_settings(max_length, stride, error, message) -> None:
    with pytest.raises(error, match=message):
        SlidingWindowDataset(list(range(20)), max_length, stride)


def test_accepts_int32_tensor_and_returns_long() -> None:
    ds = SlidingWindowDataset(torch.arange(10, dtype=torch.int32), max_length=3, stride=2)
    assert ds[0][0].dtype == torch.long


def _batches(loader) -> list[tuple[list, list]]:
    return [(x.tolist(), y.tolist()) for x, y in loader]


def test_dataloader_shapes_and_drop_last() -> None:
    ids = list(range(50))
    # (50 - 4 - 1) // 2 + 1 = 23 windows -> 5 full batches of 4, remainder 3 dropped
    loader = create_dataloader(ids, batch_size=4, max_length=4, stride=2, shuffle=False)
    batches = list(loader)
    assert len(batches) == 5
    for x, y in batches:
        assert x.shape == y.shape == (4, 4) and x.dtype == torch.long
        assert torch.equal(x[:, 1:], y[:, :-1])
    kept = create_dataloader(ids, batch_size=4, max_length=4, stride=2, shuffle=False,
                             drop_last=False)
    sizes = [len(x) for x, _ in kept]
    assert sizes == [4, 4, 4, 4, 4, 3]


def test_dataloader_unshuffled_is_in_order() -> None:
    loader = create_dataloader(list(range(30)), batch_size=2, max_length=3, stride=3,
                               shuffle=False)
    firsts = [row[0] for x, _ in loader for row in x.tolist()]
    # (30 - 3 - 1) // 3 + 1 = 9 windows; batches of 2 with drop_last keep the first 8
    assert firsts == [0, 3, 6, 9, 12, 15, 18, 21]


def test_dataloader_same_seed_same_order_different_seed_different_order() -> None:
    ids = list(range(201))  # (201 - 5 - 1) // 5 + 1 = 40 windows: 10 full batches, none dropped
    kwargs = dict(batch_size=4, max_length=5, stride=5)
    a = _batches(create_dataloader(ids, seed=3, **kwargs))
    b = _batches(create_dataloader(ids, seed=3, **kwargs))
    c = _batches(create_dataloader(ids, seed=4, **kwargs))
    assert a == b
    assert a != c
    unshuffled = _batches(create_dataloader(ids, shuffle=False, **kwargs))
    assert a != unshuffled
    # shuffling only reorders windows: the same set of inputs appears
    flat = sorted(tuple(row) for x, _ in a for row in x)
    assert flat == sorted(tuple(row) for x, _ in unshuffled for row in x)


def test_dataloader_epochs_differ_but_repeat_across_runs() -> None:
    ids = list(range(200))

    def two_epochs() -> tuple[list, list]:
        loader = create_dataloader(ids, batch_size=4, max_length=5, stride=5, seed=0)
        return _batches(loader), _batches(loader)

    first, second = two_epochs()
    assert first != second
    assert two_epochs() == (first, second)


def test_dataloader_errors() -> None:
    with pytest.raises(ValueError, match="only 2 windows but batch_size=4"):
        create_dataloader(list(range(7)), batch_size=4, max_length=3, stride=2)
    assert len(create_dataloader(list(range(7)), batch_size=4, max_length=3, stride=2,
                                 drop_last=False)) == 1
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        create_dataloader(list(range(20)), batch_size=0, max_length=3, stride=2)
    with pytest.raises(ValueError, match="needs at least 4"):
        create_dataloader([1, 2], batch_size=1, max_length=3, stride=1)
