"""Re-execute course notebooks in place and store their outputs (what nbval compares against).

    python scripts/run_notebooks.py                      # every notebook, in chapter order
    python scripts/run_notebooks.py notebooks/01_*.ipynb # just these

Runs each notebook top to bottom in a fresh kernel from the notebooks/ folder (as a learner
and nbval do), stores no widget state, and prints how long each took.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) chunks into one output.

    The kernel flushes stdout on a timer, so one `print` can arrive in two chunks on one run
    and in one on the next. nbval joins them before comparing; storing them joined keeps the
    notebook file the same from run to run.
    """
    merged: list = []
    for out in outputs:
        if (merged and out.get("output_type") == "stream"
                and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(out)
    return merged


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    # record_timing=False: no per-cell timestamps, so re-running shows only real changes.
    client = NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=False,
                            record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.write(nb, path)
    return seconds


def main(argv: list[str]) -> int:
    # The same optional GPT-2 tokenizer files the tests use (see tests/conftest.py).
    if (SHARED / "tiktoken-cache").is_dir():
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(SHARED / "tiktoken-cache"))
    paths = [Path(a) for a in argv] or sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        print(f"{path.name}: {run(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
