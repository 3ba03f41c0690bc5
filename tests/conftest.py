"""Shared test set-up.

`../shared/` (beside the repo) is the team's read-only folder of data: when it is present,
tests use its copies of the real-text corpora and GPT-2's tokenizer files so that those
optional paths are exercised offline. A learner's clone does not have it; tests that need it
skip with a reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

# TIKTOKEN_CACHE_DIR is set in the repo root's conftest.py (it must apply to notebooks too).


@pytest.fixture
def shared_data() -> Path:
    """`../shared/data`, or skip when this clone has no shared folder beside it."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"{path} not present (only the team's machines and CI have it)")
    return path
