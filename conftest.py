"""Set-up for every pytest run from the repo root, whether it collects tests/, notebooks/ or both.

`../shared/` (beside the repo) is the team's read-only folder: when present, its copy of
GPT-2's tokenizer files lets the optional GPT-2 path run offline. A learner's clone does not
have it; notebook cells that show GPT-2's tokens (tagged "gpt2") are then skipped with a reason
instead of failing, because their stored outputs cannot be reproduced without those files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent / "shared"

# tiktoken reads $TIKTOKEN_CACHE_DIR before it tries the network. Set it before any kernel
# starts, so nbval's notebook kernels (which inherit this environment) see it too.
if (SHARED / "tiktoken-cache").is_dir():
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(SHARED / "tiktoken-cache"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip notebook cells tagged "gpt2" when GPT-2's tokenizer files are not available."""
    tagged = [item for item in items
              if "gpt2" in getattr(getattr(item, "cell", None), "metadata", {}).get("tags", [])]
    if not tagged:
        return
    from helpers.tokenizers import gpt2_available

    if gpt2_available():
        return
    skip = pytest.mark.skip(reason="GPT-2's tokenizer files are not available here (no "
                                   "TIKTOKEN_CACHE_DIR holding them, no internet)")
    for item in tagged:
        item.add_marker(skip)
