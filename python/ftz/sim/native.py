"""The extension module ftz.sim._native (bindings/, pybind11), wherever the build put it.

A wheel built after the C++ build carries it as ftz/sim/_native*.so
(python/build_backend/ftz_build.py). A source checkout finds it in the CMake build:
$FTZ_NATIVE (the file, or its directory), else $FTZ_BUILD_DIR/bindings; where neither
is set, the repository's build/release/bindings. ImportError names every place it looked.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

NAME = "ftz.sim._native"
REPOSITORY = Path(__file__).resolve().parents[3]  # python/ftz/sim/native.py -> the checkout


def places() -> list[Path]:
    """Where a source checkout's extension may be, in order of preference."""
    found: list[Path] = []
    if explicit := os.environ.get("FTZ_NATIVE"):
        found.append(Path(explicit))
    if build := os.environ.get("FTZ_BUILD_DIR"):
        found.append(Path(build) / "bindings")
    if not found:  # named places only, so that a test of one build never loads another's
        found.append(REPOSITORY / "build" / "release" / "bindings")
    return found


def _files(place: Path) -> list[Path]:
    if place.is_file():
        return [place]
    return [place / f"_native{suffix}" for suffix in importlib.machinery.EXTENSION_SUFFIXES]


def load() -> ModuleType:
    """The extension: the package's own copy, else the first one found in places()."""
    try:
        return importlib.import_module(NAME)
    except ModuleNotFoundError as e:
        if e.name != NAME:
            raise
    for place in places():
        for path in _files(place):
            if not path.is_file():
                continue
            spec = importlib.util.spec_from_file_location(NAME, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[NAME] = module
            spec.loader.exec_module(module)
            return module
    looked = ", ".join(str(p) for p in places())
    raise ImportError(f"the extension {NAME} is not built (looked in: {looked}); build it with "
                      "scripts/bootstrap.sh release (target ftz_native) or set FTZ_NATIVE "
                      "to the built file")


native = load()
