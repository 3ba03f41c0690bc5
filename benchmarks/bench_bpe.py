"""Benchmark: our byte-level BPE (helpers.tokenizers.BPETokenizer) against tiktoken, side by side.

For the default corpus (1,000,000 characters) and, when present, Tiny Shakespeare
(../shared/data/tinyshakespeare.txt beside the repo) it prints:

- the time to train a 2,048-token vocabulary (target: under 10 s on a 2-core machine);
- the time to encode the whole text with our encoder and with tiktoken loaded with the
  same merges, as a ratio (target: ours at most 5x tiktoken's), for a cold chunk cache (a
  fresh tokenizer) and a warm one (the same text encoded again), and whether the ids are
  identical.

With GPT-2's files available (TIKTOKEN_CACHE_DIR) it also compares our encoder loaded with
GPT-2's merges against tiktoken's `gpt2`. Each time is the best of `--repeat` runs.

    .venv/bin/python benchmarks/bench_bpe.py [--repeat 3] [--vocab-size 2048]
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
if (SHARED / "tiktoken-cache").is_dir():  # as tests/conftest.py does, before tiktoken loads
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(SHARED / "tiktoken-cache"))

from helpers.corpus import generate_corpus  # noqa: E402
from helpers.tokenizers import BPETokenizer, gpt2_available, gpt2_tokenizer  # noqa: E402

TRAIN_TARGET_S = 10.0
ENCODE_TARGET_RATIO = 5.0


def best_time(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """(fastest wall time in seconds over `repeat` runs, the last result)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def compare_encoders(ours: BPETokenizer, reference, text: str, repeat: int) -> None:
    """Print cold- and warm-cache encode times of `ours` against `reference` (tiktoken)."""
    def cold() -> list[int]:
        ours._cache.clear()  # as if the tokenizer were new: no chunk seen yet
        return ours.encode(text, allowed_special="all")

    t_ref, ref_ids = best_time(lambda: reference.encode(text, allowed_special="all"), repeat)
    t_cold, cold_ids = best_time(cold, repeat)
    t_warm, warm_ids = best_time(lambda: ours.encode(text, allowed_special="all"), repeat)
    same = cold_ids == ref_ids and warm_ids == ref_ids
    print(f"  encode {len(text):,} chars -> {len(ref_ids):,} tokens")
    print(f"    tiktoken            {t_ref:7.3f} s")
    print(f"    ours, cold cache    {t_cold:7.3f} s   ratio {t_cold / t_ref:5.2f}x "
          f"(target <= {ENCODE_TARGET_RATIO:g}x: {'yes' if t_cold / t_ref <= 5 else 'NO'})")
    print(f"    ours, warm cache    {t_warm:7.3f} s   ratio {t_warm / t_ref:5.2f}x")
    print(f"    ids identical: {'yes' if same else 'no'}")


def bench_text(name: str, text: str, vocab_size: int, repeat: int) -> None:
    print(f"\n{name}: {len(text):,} characters, {len(text.encode('utf-8')):,} bytes")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t_train, tok = best_time(lambda: BPETokenizer.train(text, vocab_size), repeat)
    ok = "yes" if t_train < TRAIN_TARGET_S else "NO"
    print(f"  train vocab_size={vocab_size}: {t_train:.2f} s (target < {TRAIN_TARGET_S:g} s: {ok})")
    if caught:  # the text ran out of pairs: say so plainly instead of a warning's traceback
        print(f"    note: only {tok.vocab_size} tokens reachable: after {len(tok.merges)} merges "
              f"every distinct chunk of this text is a single token")
    compare_encoders(tok, tok.to_tiktoken(), text, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best kept)")
    parser.add_argument("--vocab-size", type=int, default=2048)
    args = parser.parse_args()

    print(f"BPE benchmark ({os.cpu_count()} CPU cores), best of {args.repeat} runs")
    bench_text("default corpus", generate_corpus(target_chars=1_000_000, seed=0).text,
               args.vocab_size, args.repeat)
    shakespeare = SHARED / "data" / "tinyshakespeare.txt"
    if shakespeare.is_file():
        bench_text("Tiny Shakespeare", shakespeare.read_text(encoding="utf-8"),
                   args.vocab_size, args.repeat)
    else:
        print(f"\nTiny Shakespeare: skipped ({shakespeare} not present)")

    if gpt2_available():
        enc = gpt2_tokenizer()
        text = generate_corpus(target_chars=1_000_000, seed=0).text
        t_load, ours = best_time(lambda: BPETokenizer.from_tiktoken(enc), 1)
        print(f"\nGPT-2's merges (BPETokenizer.from_tiktoken, {t_load:.2f} s), default corpus:")
        compare_encoders(ours, enc, text, args.repeat)
    else:
        print("\nGPT-2's merges: skipped (GPT-2's tokenizer files are not available)")


if __name__ == "__main__":
    main()
