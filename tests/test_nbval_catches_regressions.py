"""The notebook harness catches regressions: change one stored number and nbval fails.

nbval is what makes a green run mean "every notebook still prints what it printed when it
was written". This test proves it on the real chapter 1 notebook: a copy with one digit of a
printed number changed must fail, naming the cell and showing both numbers, while an
unaltered copy (run the same way) passes, so the failure is due to the change alone.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "01_activations_and_softmax.ipynb"
SANITIZE = REPO / "tests" / "nbval_sanitize.cfg"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
NUMBER = re.compile(r"\d\.\d{3,}")  # a computed number printed with several decimals


def copy_chapter(dest: Path) -> Path:
    """The notebook in dest/notebooks/, with ../images beside it as in the repo."""
    (dest / "notebooks").mkdir(parents=True)
    shutil.copytree(REPO / "images", dest / "images")
    return Path(shutil.copy(NOTEBOOK, dest / "notebooks" / NOTEBOOK.name))


def alter_one_number(path: Path) -> tuple[int, str, str]:
    """Change the last digit of the first multi-decimal number printed to stdout.

    Returns (index of the cell among code cells, as nbval names it, the number before, after).
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for k, cell in enumerate(code_cells):
        for out in cell["outputs"]:
            if out["output_type"] != "stream" or out["name"] != "stdout":
                continue
            text = "".join(out["text"])
            m = NUMBER.search(text)
            if m is None:
                continue
            end = m.end() - 1
            new_digit = str((int(text[end]) + 1) % 10)
            altered = text[:end] + new_digit + text[end + 1:]
            out["text"] = altered
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            return k, m.group(), altered[m.start():m.end()]
    raise AssertionError(f"no number with 3+ decimals printed to stdout in {path.name}")


def nbval(notebook: Path) -> subprocess.Popen[str]:
    """Start nbval on one notebook the way `make test` runs it (sanitize file by absolute path,
    so the working directory does not matter)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(SANITIZE), "--nbval-cell-timeout=120",
         "-p", "no:cacheprovider", "-q", "--rootdir", str(notebook.parent), str(notebook)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.mark.slow
def test_nbval_fails_on_an_altered_number_and_passes_on_the_original(tmp_path: Path) -> None:
    if not NOTEBOOK.exists():
        pytest.fail(f"{NOTEBOOK.relative_to(REPO)} is missing")
    original = copy_chapter(tmp_path / "original")
    altered = copy_chapter(tmp_path / "altered")
    cell, before, after = alter_one_number(altered)
    assert before != after

    # both runs at once: each is mostly a kernel starting and importing torch
    runs = {"original": nbval(original), "altered": nbval(altered)}
    results = {name: (p.wait(timeout=300), ANSI.sub("", p.communicate()[0]))
               for name, p in runs.items()}

    code, out = results["original"]
    assert code == 0, f"nbval failed on an unaltered copy of the notebook:\n{out[-3000:]}"
    assert re.search(r"\b\d+ passed\b", out) and "failed" not in out, out[-2000:]

    code, out = results["altered"]
    assert code == 1, f"nbval did not fail on the altered copy (exit {code}):\n{out[-3000:]}"
    assert "1 failed" in out, out[-3000:]
    assert f"Cell {cell}: Cell outputs differ" in out, out[-3000:]
    assert re.search(rf"^FAILED \S*::Cell {cell}\b", out, re.M), out[-3000:]
    # the diff shows the number stored (altered) and the number the notebook prints now
    diff = [line for line in out.splitlines() if line.lstrip().startswith(("- ", "+ "))]
    assert any(before in line for line in diff) and any(after in line for line in diff), \
        out[-3000:]
