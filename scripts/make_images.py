"""Regenerate every figure in images/ from the code in this repo.

    python scripts/make_images.py

Each chapter's figures live in a `scripts/figures_<topic>.py` module with a
`make(images_dir) -> list[Path]` function; this script runs them all.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "images"


def main() -> int:
    IMAGES.mkdir(exist_ok=True)
    for module_path in sorted(Path(__file__).parent.glob("figures_*.py")):
        spec = importlib.util.spec_from_file_location(module_path.stem, module_path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for made in module.make(IMAGES):
            print(f"{module_path.name}: {made.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
