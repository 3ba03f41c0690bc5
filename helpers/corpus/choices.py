"""Choosers: the one place where the story generator makes a random choice.

The story writer never calls `random` itself. Every decision goes through a chooser's
`choose(n, weights)`, which returns an index in `range(n)`. That gives two things:

* `RandomChooser` draws from its own `random.Random(seed)` and adds up the information
  content `-log2 p` of every choice it made, so the generator knows exactly how many bits
  of randomness the text carries.
* `ScriptedChooser` replays a fixed list of indices and keeps the exact probability as a
  `Fraction`; `enumerate_choice_sequences` uses it to walk every possible sequence of
  choices of a (small) grammar, which is how the tests prove that probabilities sum to 1
  and that no two sequences give the same text.

Weights are integers, so probabilities are exact rationals and a draw is one
`randrange(total)`: the same on every machine and every Python from 3.10 on.

Not handled: non-integer weights, zero weights (a zero-weight option could never be drawn,
so leave it out instead), and choices among more than a few thousand options (the weighted
draw walks the list).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import Protocol, TypeVar

T = TypeVar("T")


class Chooser(Protocol):
    """Anything that picks an index in `range(n)`, uniformly or with integer weights."""

    def choose(self, n: int, weights: Sequence[int] | None = None) -> int: ...


def _check(n: int, weights: Sequence[int] | None) -> None:
    if n < 1:
        raise ValueError(f"a choice needs at least 1 option, got n={n}")
    if weights is not None:
        if len(weights) != n:
            raise ValueError(f"got {len(weights)} weights for {n} options")
        if any((not isinstance(w, int)) or w <= 0 for w in weights):
            raise ValueError(f"weights must be positive integers, got {list(weights)}")


class RandomChooser:
    """Draws from its own `random.Random(seed)` and counts the bits of every choice.

    `bits` is the running total of `-log2 p(choice)`. A choice with one option costs 0 bits
    and draws nothing from the generator.
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.bits = 0.0
        self.count = 0  # choices with more than one option

    def choose(self, n: int, weights: Sequence[int] | None = None) -> int:
        _check(n, weights)
        if n == 1:
            return 0
        self.count += 1
        if weights is None:
            self.bits += math.log2(n)
            return self.rng.randrange(n)
        total = sum(weights)
        r = self.rng.randrange(total)
        for index, w in enumerate(weights):
            if r < w:
                self.bits += math.log2(total / w)
                return index
            r -= w
        raise AssertionError("unreachable: r < total")


class ScriptedChooser:
    """Replays `script` (a list of indices), then picks index 0 for every later choice.

    Records `trail`, the `(index, n)` of every choice made, and `probability`, the exact
    product of the chosen options' probabilities.
    """

    def __init__(self, script: Sequence[int] = ()) -> None:
        self.script = list(script)
        self.trail: list[tuple[int, int]] = []
        self.probability = Fraction(1)

    def choose(self, n: int, weights: Sequence[int] | None = None) -> int:
        _check(n, weights)
        position = len(self.trail)
        index = self.script[position] if position < len(self.script) else 0
        if not 0 <= index < n:
            raise ValueError(f"script asks for option {index} of {n} at choice {position}")
        if weights is None:
            self.probability *= Fraction(1, n)
        else:
            self.probability *= Fraction(weights[index], sum(weights))
        self.trail.append((index, n))
        return index


def enumerate_choice_sequences(
    produce: Callable[[ScriptedChooser], T], limit: int = 1_000_000
) -> Iterator[tuple[tuple[int, ...], Fraction, T]]:
    """Yield `(choices, probability, produce(chooser))` for every complete choice sequence.

    `produce` must make its choices only through the chooser it is given and be otherwise
    deterministic. The walk is depth-first, like an odometer: run with a script, then bump
    the last choice that still has an unused option and cut the script after it.
    Raises ValueError after `limit` sequences so that a too-large grammar fails loudly.
    """
    script: list[int] = []
    for _ in range(limit):
        chooser = ScriptedChooser(script)
        result = produce(chooser)
        trail = chooser.trail
        yield tuple(i for i, _ in trail), chooser.probability, result
        while trail and trail[-1][0] + 1 >= trail[-1][1]:
            trail.pop()
        if not trail:
            return
        script = [i for i, _ in trail[:-1]] + [trail[-1][0] + 1]
    raise ValueError(f"more than {limit} choice sequences: reduce the grammar further")
