"""Shared test set-up.

`../shared/` (beside the repo) is the team's read-only folder of data: when it is present,
tests use its copies of the real-text corpora and GPT-2's tokenizer files so that those
optional paths are exercised offline. A learner's clone does not have it; tests that need it
skip with a reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

# tiktoken reads $TIKTOKEN_CACHE_DIR before it tries the network. Set it before any kernel
# starts, so nbval's notebook kernels (which inherit this environment) see it too.
if (SHARED / "tiktoken-cache").is_dir():
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(SHARED / "tiktoken-cache"))


@pytest.fixture
def shared_data() -> Path:
    """`../shared/data`, or skip when this clone has no shared folder beside it."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"{path} not present (only the team's machines and CI have it)")
    return path
