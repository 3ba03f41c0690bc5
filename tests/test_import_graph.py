"""The import graph of `helpers/` is the syllabus.

A module may import only what the course has already built: the maths module of chapter 3
may use chapter 1's, never the other way round, and never a widget or an exercise check.
Widgets and checks may use the maths of their own and earlier chapters. Modules inside one
package (helpers/tokenizers/bpe.py using helpers/tokenizers/patterns.py, a widget using
helpers/widgets/_figure.py) are that concept's own business. No cycles; no module over
MAX_LINES lines.

The graph is read with `ast` (nothing is imported), so a broken module still gets a clear
message here. Imports inside functions and `if TYPE_CHECKING:` blocks count too: they are
dependencies all the same.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HELPERS = REPO / "helpers"
MAX_LINES = 450

# The course's order: each entry is one step, with the maths modules (or packages) of
# `helpers/` it introduces and the topic name its widgets/checks modules use. To add a chapter,
# append a line; a module that is in no line fails test_every_module_is_in_the_syllabus.
# Modules of one step (data, embeddings) may import each other; the cycle test still applies.
SYLLABUS: list[tuple[str, tuple[str, ...], str | None]] = [
    # (step,              maths modules,             widgets/checks topic)
    ("ch1 activations", ("activations",), "activations"),
    ("text corpus", ("corpus",), None),
    ("ch2 tokenization", ("tokenizers",), "tokenization"),
    ("ch3 embeddings", ("data", "embeddings"), "embeddings"),
    # ("ch4 self-attention", ("attention",), "attention"),
    # ("ch5 causal masking", ("masking",), "masking"),
    # ("ch6 multi-head attention", ("multihead",), "multihead"),
    # ("ch7 GPT", ("gpt",), "gpt"),
    # ("ch8 pretraining", ("training",), "training"),
]
UI_PACKAGES = ("widgets", "checks")  # kept apart from the maths, one module per chapter topic
# Third-party packages that draw or interact: only widgets (and checks) may use them.
UI_LIBRARIES = ("ipywidgets", "matplotlib", "IPython")


# ---------------------------------------------------------------------------------------------
# Reading the graph
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Module:
    name: str        # dotted, e.g. "helpers.tokenizers.bpe"
    path: Path
    is_package: bool  # an __init__.py


def find_modules(root: Path) -> dict[str, Module]:
    """Every .py file under `root` (a package directory), by dotted module name."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts or ".ipynb_checkpoints" in path.parts:
            continue
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(parts)] = Module(".".join(parts), path, is_package)
    return modules


def imports_of(module: Module, modules: dict[str, Module]) -> set[str]:
    """The modules of the package that `module` imports (absolute and relative imports).

    `from helpers.x import y` counts as importing helpers.x.y when that is a module,
    otherwise helpers.x. Imports of anything outside the package are left out.
    """
    root = next(iter(modules)).split(".")[0]
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
            found |= {_closest_module(t, modules) for t in targets if _in(t, root)}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not _in(target, root):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules else _closest_module(target, modules))
    found.discard(module.name)
    return found


def third_party_imports(module: Module) -> set[str]:
    """Top-level names of everything `module` imports absolutely (e.g. 'torch', 'ipywidgets')."""
    names = set()
    for node in ast.walk(ast.parse(module.path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _in(name: str, root: str) -> bool:
    return name == root or name.startswith(root + ".")


def _closest_module(name: str, modules: dict[str, Module]) -> str:
    """`name` itself if it is a module, else its nearest enclosing package that is one."""
    while name not in modules and "." in name:
        name = name.rpartition(".")[0]
    return name


def build_graph(root: Path) -> dict[str, set[str]]:
    modules = find_modules(root)
    return {name: imports_of(m, modules) for name, m in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


# ---------------------------------------------------------------------------------------------
# Placing each module in the syllabus
# ---------------------------------------------------------------------------------------------

STEP_OF_MATHS = {name: i for i, (_, maths, _) in enumerate(SYLLABUS) for name in maths}
STEP_OF_TOPIC = {topic: i for i, (_, _, topic) in enumerate(SYLLABUS) if topic}


@dataclass(frozen=True)
class Place:
    kind: str   # "root" (helpers/__init__), "maths", "ui" (a widget/check module), "ui-infra"
    #             (helpers/widgets/__init__, _figure, helpers/checks/__init__, _runner)
    unit: str   # the concept it belongs to: "tokenizers", "widgets", ...
    step: int   # index into SYLLABUS; -1 for infrastructure, len(SYLLABUS) for the root


def place(name: str) -> Place | str:
    """Where module `name` sits in the course, or a message saying why it has no place."""
    parts = name.split(".")
    if len(parts) == 1:
        return Place("root", parts[0], len(SYLLABUS))
    unit = parts[1]
    if unit in UI_PACKAGES:
        if len(parts) == 2 or parts[2].startswith("_"):  # its __init__, _figure, _runner
            return Place("ui-infra", unit, -1)
        topic = parts[2]
        if topic not in STEP_OF_TOPIC:
            return (f"{name}: topic {topic!r} is not in SYLLABUS in tests/test_import_graph.py; "
                    f"add it as the widgets/checks topic of the chapter it belongs to")
        return Place("ui", unit, STEP_OF_TOPIC[topic])
    if unit not in STEP_OF_MATHS:
        return (f"{name}: helpers.{unit} is not in SYLLABUS in tests/test_import_graph.py; add "
                f"it to the chapter order list, in the step (chapter) that introduces it")
    return Place("maths", unit, STEP_OF_MATHS[unit])


def allowed(importer: str, imported: str) -> str | None:
    """None if `importer` may import `imported`, else the reason it may not."""
    a, b = place(importer), place(imported)
    if isinstance(a, str) or isinstance(b, str):
        return None  # reported by test_every_module_is_in_the_syllabus
    if b.kind == "root":
        return f"imports the package root {imported}; import the module it comes from"
    if a.kind in ("maths", "root") and b.kind in ("ui", "ui-infra"):
        return (f"imports {imported}: the maths (and helpers/__init__) never import widgets "
                f"or checks")
    if a.kind == "ui-infra":
        if b.kind == "ui-infra" or (b.kind == "ui" and importer == f"helpers.{b.unit}"):
            return None  # plumbing sharing plumbing; a subpackage __init__ re-exporting
        return f"shared {a.unit} infrastructure imports {imported}, which belongs to a chapter"
    if a.kind == "root" or b.kind == "ui-infra":
        return None  # the table of contents re-exports the maths; everyone may use the plumbing
    if a.kind == "maths" and b.unit == a.unit:
        return None  # inside one concept's package
    if b.step > a.step:
        return f"imports {imported}, from a later step of the course ({SYLLABUS[b.step][0]})"
    return None


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------

GRAPH = build_graph(HELPERS)
MODULES = find_modules(HELPERS)


def test_the_graph_is_read() -> None:
    """The parser sees the imports chapter 1 is known to have (absolute and relative)."""
    assert "helpers.activations" in GRAPH["helpers.widgets.activations"]
    assert "helpers.widgets._figure" in GRAPH["helpers.widgets.activations"]
    assert "helpers.checks._runner" in GRAPH["helpers.checks.activations"]
    assert "helpers.activations" in GRAPH["helpers"]


def test_every_module_is_in_the_syllabus() -> None:
    unknown = [p for name in GRAPH if isinstance(p := place(name), str)]
    assert not unknown, "\n".join(unknown)


def test_no_import_cycles() -> None:
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_modules_import_only_earlier_chapters() -> None:
    bad = [f"{a}: {reason}" for a, targets in sorted(GRAPH.items()) for b in sorted(targets)
           if (reason := allowed(a, b))]
    assert not bad, "\n".join(bad)


def test_maths_modules_do_not_draw() -> None:
    """Plots and widgets live in helpers.widgets; the maths imports no UI library."""
    bad = [f"{name} imports {', '.join(sorted(libs))}" for name, m in sorted(MODULES.items())
           if isinstance(p := place(name), Place) and p.kind in ("maths", "root")
           and (libs := third_party_imports(m) & set(UI_LIBRARIES))]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_short(name: str) -> None:
    lines = len(MODULES[name].path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (f"{MODULES[name].path.relative_to(REPO)} has {lines} lines; "
                                f"split it (at most {MAX_LINES})")


# ---------------------------------------------------------------------------------------------
# The rules catch what they should, on a small fake package
# ---------------------------------------------------------------------------------------------

def make_package(root: Path, files: dict[str, str]) -> Path:
    pkg = root / "helpers"
    for rel, text in {"__init__.py": "", **files}.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text)
    return pkg


def test_relative_and_absolute_imports_are_resolved(tmp_path: Path) -> None:
    pkg = make_package(tmp_path, {
        "activations.py": "import math\nimport torch\n",
        "tokenizers/__init__.py": "from .bpe import BPE\nfrom . import word\n",
        "tokenizers/bpe.py": "from .patterns import P\nfrom ..activations import softmax\n",
        "tokenizers/patterns.py": "",
        "tokenizers/word.py": "import helpers.tokenizers.patterns as p\n",
        "widgets/_figure.py": "",
        "widgets/tokenization.py": ("from helpers.widgets._figure import FigureWidget\n"
                                    "from helpers import tokenizers\n"
                                    "def f():\n    from helpers.tokenizers import BPE\n"),
    })
    graph = build_graph(pkg)
    assert graph["helpers.activations"] == set()
    assert graph["helpers.tokenizers"] == {"helpers.tokenizers.bpe", "helpers.tokenizers.word"}
    assert graph["helpers.tokenizers.bpe"] == {"helpers.tokenizers.patterns",
                                               "helpers.activations"}
    assert graph["helpers.tokenizers.word"] == {"helpers.tokenizers.patterns"}
    assert graph["helpers.widgets.tokenization"] == {"helpers.widgets._figure",
                                                     "helpers.tokenizers"}
    assert find_cycle(graph) is None
    assert all(allowed(a, b) is None for a, bs in graph.items() for b in bs)


def test_a_cycle_is_found(tmp_path: Path) -> None:
    pkg = make_package(tmp_path, {
        "data.py": "from helpers.embeddings import x\n",
        "embeddings.py": "from .data import y\n",
    })
    assert find_cycle(build_graph(pkg)) in (
        ["helpers.data", "helpers.embeddings", "helpers.data"],
        ["helpers.embeddings", "helpers.data", "helpers.embeddings"],
    )


@pytest.mark.parametrize(("importer", "imported", "reason"), [
    ("helpers.activations", "helpers.tokenizers.bpe", "later step"),
    ("helpers.corpus.stories", "helpers.embeddings", "later step"),
    ("helpers.activations", "helpers.widgets.activations", "never import widgets"),
    ("helpers.tokenizers.bpe", "helpers.checks._runner", "never import widgets"),
    ("helpers", "helpers.widgets.activations", "never import widgets"),
    ("helpers.widgets.activations", "helpers.tokenizers", "later step"),
    ("helpers.checks.tokenization", "helpers.embeddings", "later step"),
    ("helpers.widgets.activations", "helpers.widgets.embeddings", "later step"),
    ("helpers.checks.activations", "helpers.widgets.tokenization", "later step"),
    ("helpers.widgets._figure", "helpers.activations", "infrastructure"),
    ("helpers.checks._runner", "helpers.checks.activations", "infrastructure"),
    ("helpers.widgets", "helpers.checks.activations", "infrastructure"),
    ("helpers.embeddings", "helpers", "package root"),
])
def test_backward_imports_are_refused(importer: str, imported: str, reason: str) -> None:
    message = allowed(importer, imported)
    assert message is not None and reason in message, message


@pytest.mark.parametrize(("importer", "imported"), [
    ("helpers.tokenizers.bpe", "helpers.activations"),
    ("helpers.embeddings", "helpers.data"),           # same chapter
    ("helpers.embeddings", "helpers.tokenizers.bpe"),
    ("helpers.widgets.embeddings", "helpers.data"),
    ("helpers.widgets.embeddings", "helpers.activations"),
    ("helpers.checks.embeddings", "helpers.widgets._figure"),
    ("helpers.widgets.embeddings", "helpers.widgets.activations"),
    ("helpers", "helpers.embeddings"),
    ("helpers.widgets", "helpers.widgets.embeddings"),      # a subpackage __init__ re-exporting
    ("helpers.tokenizers", "helpers.tokenizers.bpe"),
    ("helpers.tokenizers.bpe", "helpers.tokenizers"),
])
def test_forward_imports_are_allowed(importer: str, imported: str) -> None:
    assert allowed(importer, imported) is None


def test_an_unknown_module_asks_to_be_added_to_the_syllabus() -> None:
    message = place("helpers.attention")
    assert isinstance(message, str) and "add it to the chapter order list" in message
    message = place("helpers.widgets.attention")
    assert isinstance(message, str) and "add it as the widgets/checks topic" in message
