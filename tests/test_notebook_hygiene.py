"""Hygiene of every stored notebook: what nbval or a learner would trip on.

nbval re-runs each notebook and compares outputs, but it cannot see a cell that was never run,
an exclusion that hides a regression, a marker it silently ignores, a memory address that
makes a comparison flaky, or this machine's paths leaking into the course. These checks read
the .ipynb files themselves (standard library only), one test per notebook and rule, so each
new chapter is covered as soon as its file exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
MAX_BYTES = 1_000_000

NAME = re.compile(r"(\d{2})_[a-z0-9]+(?:_[a-z0-9]+)*\.ipynb")
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,16}\b")
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:tmp|root|home|work)(?=/|\b)")
# nbval reads a marker only from a comment line holding nothing else (see nbval's
# find_comment_markers); these are the ones it knows.
MARKER_LINE = re.compile(r"#+\s*(NBVAL_IGNORE_OUTPUT|NBVAL_CHECK_OUTPUT|NBVAL_RAISES_EXCEPTION"
                         r"|NBVAL_SKIP|PYTEST_VALIDATE_IGNORE_OUTPUT)")
IGNORE_MARKERS = {"NBVAL_IGNORE_OUTPUT", "PYTEST_VALIDATE_IGNORE_OUTPUT"}
IGNORE_TAGS = {"nbval-ignore-output", "pytest-validate-ignore-output"}
SKIP_TAGS = {"nbval-skip"}

Notebook = dict[str, Any]
Check = Callable[[Path, Notebook], list[str]]


# ---------------------------------------------------------------------------------------------
# Reading a notebook
# ---------------------------------------------------------------------------------------------

def source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def code_cells(nb: Notebook) -> list[tuple[int, dict[str, Any]]]:
    """(index in the notebook, cell) for every code cell."""
    return [(i, c) for i, c in enumerate(nb.get("cells", [])) if c.get("cell_type") == "code"]


def output_texts(out: dict[str, Any]) -> list[str]:
    """Every text a stored output shows; pictures (base64) are left out: by chance they
    can contain anything, e.g. '/tmp/'."""
    if out.get("output_type") == "stream":
        return [source({"source": out.get("text", "")})]
    if out.get("output_type") == "error":
        return [out.get("ename", ""), out.get("evalue", ""), *out.get("traceback", [])]
    texts = []
    for mime, value in out.get("data", {}).items():
        if mime.startswith("image/") and mime != "image/svg+xml":
            continue
        texts.append(value if isinstance(value, str)
                     else "".join(value) if isinstance(value, list) else json.dumps(value))
    return texts


def markers(cell: dict[str, Any]) -> set[str]:
    return {m.group(1) for line in source(cell).splitlines()
            if (m := MARKER_LINE.fullmatch(line.strip()))}


def tags(cell: dict[str, Any]) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


# ---------------------------------------------------------------------------------------------
# The rules: each returns a list of problems (empty when the notebook is fine)
# ---------------------------------------------------------------------------------------------

def executed_in_order(path: Path, nb: Notebook) -> list[str]:
    """Every code cell ran once, top to bottom, in a fresh kernel: counts 1, 2, ..., n."""
    problems, expected = [], 1
    for i, cell in code_cells(nb):
        count = cell.get("execution_count")
        if not source(cell).strip():
            problems.append(f"cell {i}: empty code cell (delete it)")
        elif count is None:
            problems.append(f"cell {i}: never run (nbval does not compare it)")
        elif count != expected:
            problems.append(f"cell {i}: execution count {count}, expected {expected} "
                            f"(re-run with scripts/run_notebooks.py)")
            expected = count
        expected += 1
    return problems


def no_stored_errors(path: Path, nb: Notebook) -> list[str]:
    return [f"cell {i}: stored {out.get('ename')}: {out.get('evalue', '')[:100]}"
            for i, cell in code_cells(nb) for out in cell.get("outputs", [])
            if out.get("output_type") == "error"]


def no_memory_addresses(path: Path, nb: Notebook) -> list[str]:
    return [f"cell {i}: output holds a memory address {m.group()} (differs on every run)"
            for i, cell in code_cells(nb) for out in cell.get("outputs", [])
            for text in output_texts(out) for m in ADDRESS.finditer(text)]


def no_machine_paths(path: Path, nb: Notebook) -> list[str]:
    problems = []
    machine = {str(REPO), str(REPO.resolve()), str(Path.home())} - {"/"}
    for i, cell in code_cells(nb):
        for out in cell.get("outputs", []):
            for text in output_texts(out):
                problems += [f"cell {i}: output holds a machine path ({m.group()}...)"
                             for m in MACHINE_PATH.finditer(text)]
                problems += [f"cell {i}: output holds this checkout's path {p}"
                             for p in machine if p in text]
    return problems


def no_widget_state(path: Path, nb: Notebook) -> list[str]:
    if "widgets" in nb.get("metadata", {}):
        return ["metadata['widgets'] holds stored widget state (run scripts/run_notebooks.py)"]
    return []


def small_file(path: Path, nb: Notebook) -> list[str]:
    size = path.stat().st_size
    return [f"{size:,} bytes; keep a notebook under {MAX_BYTES:,}"] if size >= MAX_BYTES else []


def markers_alone_on_their_line(path: Path, nb: Notebook) -> list[str]:
    """`# NBVAL_SKIP  (needs internet)` is silently ignored by nbval."""
    problems = []
    for i, cell in code_cells(nb):
        for line in source(cell).splitlines():
            if re.search(r"NBVAL_[A-Z]|PYTEST_VALIDATE_", line) and \
                    not MARKER_LINE.fullmatch(line.strip()):
                problems.append(f"cell {i}: {line.strip()!r}: an nbval marker must be alone on "
                                f"its line, or nbval ignores it")
    return problems


def no_skipped_cells(path: Path, nb: Notebook) -> list[str]:
    return [f"cell {i}: skipped by nbval (NBVAL_SKIP / nbval-skip): every cell must run"
            for i, cell in code_cells(nb)
            if "NBVAL_SKIP" in markers(cell) or tags(cell) & SKIP_TAGS]


def exclusions_followed_by_an_assert(path: Path, nb: Notebook) -> list[str]:
    """A cell whose output is not compared must be followed by a cell asserting what holds."""
    problems = []
    cells = code_cells(nb)
    for k, (i, cell) in enumerate(cells):
        if not (markers(cell) & IGNORE_MARKERS or tags(cell) & IGNORE_TAGS):
            continue
        following = cells[k + 1] if k + 1 < len(cells) else None
        if following is None or not re.search(r"\bassert", source(following[1])):
            problems.append(f"cell {i}: output excluded from nbval comparison, but the next "
                            f"code cell does not assert what must hold")
    return problems


def python3_kernel(path: Path, nb: Notebook) -> list[str]:
    spec = nb.get("metadata", {}).get("kernelspec", {})
    if spec.get("name") != "python3" or spec.get("language") != "python":
        return [f"kernelspec is {spec}, expected name 'python3', language 'python'"]
    return []


CHECKS: list[Check] = [
    executed_in_order, no_stored_errors, no_memory_addresses, no_machine_paths, no_widget_state,
    small_file, markers_alone_on_their_line, no_skipped_cells, exclusions_followed_by_an_assert,
    python3_kernel,
]


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------

def load(path: Path) -> Notebook:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook(path: Path, check: Check) -> None:
    problems = check(path, load(path))
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_notebooks_are_the_chapters_in_order() -> None:
    """`NN_name.ipynb`, chapters 1..N without gaps or duplicates."""
    names = sorted(p.name for p in NOTEBOOKS_DIR.iterdir() if p.suffix == ".ipynb")
    assert names, f"no notebooks in {NOTEBOOKS_DIR}"
    bad = [n for n in names if not NAME.fullmatch(n)]
    assert not bad, f"not named like 01_activations_and_softmax.ipynb: {bad}"
    chapters = [int(NAME.fullmatch(n).group(1)) for n in names]
    assert chapters == list(range(1, len(names) + 1)), \
        f"chapter numbers {chapters}: expected 1..{len(names)}, each once"


# ---------------------------------------------------------------------------------------------
# The rules themselves catch what they should (on a notebook that breaks each of them)
# ---------------------------------------------------------------------------------------------

def code(src: str, count: int | None, outputs: list | None = None, cell_tags: list | None = None,
         ) -> dict[str, Any]:
    return {"cell_type": "code", "execution_count": count, "source": src,
            "outputs": outputs or [], "metadata": {"tags": cell_tags} if cell_tags else {}}


def stdout(text: str) -> dict[str, Any]:
    return {"output_type": "stream", "name": "stdout", "text": text}


def write(tmp_path: Path, cells: list, metadata: dict | None = None) -> Path:
    nb = {"nbformat": 4, "nbformat_minor": 5, "cells": cells,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}} if metadata is None else metadata}
    path = tmp_path / "01_bad.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_a_clean_notebook_passes_every_rule(tmp_path: Path) -> None:
    path = write(tmp_path, [
        {"cell_type": "markdown", "source": "# NBVAL_SKIP mentioned in prose is fine",
         "metadata": {}},
        code("x = 1\nprint(x)", 1, [stdout("1\n")]),
        code("# NBVAL_IGNORE_OUTPUT\nimport time\nt = time.time(); print(t)", 2,
             [stdout("1700000000.0\n")]),
        code("assert t > 0", 3),
        code("print('0x12 is short, /tmpfile is not a path')", 4,
             [stdout("0x12 is short, /tmpfile is not a path\n")]),
    ])
    assert {c.__name__: c(path, load(path)) for c in CHECKS} == {c.__name__: [] for c in CHECKS}


@pytest.mark.parametrize(("check", "cells", "expected"), [
    (executed_in_order, [code("a = 1", 1), code("b = 2", 3)], "execution count 3, expected 2"),
    (executed_in_order, [code("a = 1", 2)], "execution count 2, expected 1"),
    (executed_in_order, [code("a = 1", 1), code("b = 2", None)], "never run"),
    (executed_in_order, [code("", None)], "empty code cell"),
    (no_stored_errors, [code("1/0", 1, [{"output_type": "error", "ename": "ZeroDivisionError",
                                         "evalue": "division by zero", "traceback": []}])],
     "stored ZeroDivisionError"),
    (no_memory_addresses, [code("object()", 1, [{
        "output_type": "execute_result", "execution_count": 1, "metadata": {},
        "data": {"text/plain": "<object at 0x7f3a2b1c9d80>"}}])], "memory address 0x7f3a2b1c9d80"),
    (no_memory_addresses, [code("g", 1, [stdout("<Generator at 0xabcdef>\n")])],
     "memory address 0xabcdef"),
    (no_machine_paths, [code("p", 1, [stdout("saved to /tmp/model.pt\n")])], "/tmp"),
    (no_machine_paths, [code("p", 1, [stdout("/home/me/x\n")])], "/home"),
    (no_machine_paths, [code("p", 1, [stdout("see /work\n")])], "/work"),
    (no_machine_paths, [code("p", 1, [stdout(f"file {REPO}/data.txt\n")])], str(REPO)),
    (markers_alone_on_their_line, [code("# NBVAL_SKIP  (needs internet)\nx = 1", 1)],
     "must be alone on its line"),
    (markers_alone_on_their_line, [code("x = 1  # NBVAL_IGNORE_OUTPUT", 1)],
     "must be alone on its line"),
    (no_skipped_cells, [code("# NBVAL_SKIP\nx = 1", 1)], "skipped by nbval"),
    (no_skipped_cells, [code("x = 1", 1, cell_tags=["nbval-skip"])], "skipped by nbval"),
    (exclusions_followed_by_an_assert, [code("# NBVAL_IGNORE_OUTPUT\nt = 1", 1),
                                        code("print(t)", 2)], "does not assert"),
    (exclusions_followed_by_an_assert, [code("t = 1", 1, cell_tags=["nbval-ignore-output"])],
     "does not assert"),
])
def test_each_rule_catches_its_problem(tmp_path: Path, check: Check, cells: list,
                                       expected: str) -> None:
    path = write(tmp_path, cells)
    problems = check(path, load(path))
    assert any(expected in p for p in problems), problems


def test_notebook_level_rules_catch_their_problems(tmp_path: Path) -> None:
    path = write(tmp_path, [code("x = 1", 1)], metadata={"widgets": {"state": {}}})
    assert "stored widget state" in no_widget_state(path, load(path))[0]
    assert "kernelspec" in python3_kernel(path, load(path))[0]
    path.write_text(path.read_text() + " " * MAX_BYTES)
    assert "keep a notebook under" in small_file(path, load(path))[0]
