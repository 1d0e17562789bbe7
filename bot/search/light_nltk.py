"""NLTK without the scientific stack: its package imports SciPy and scikit-learn if present.

`import nltk` (which any `nltk.*` import runs first) loads nearly all of NLTK, and with it
SciPy and scikit-learn when they are installed (they are, for the benchmarks): about 90 MB
of a serving process's memory and over a second of its start, for the Snowball stemmer and
the Punkt splitter, which need neither. NLTK imports those in `try ... except ImportError`
(they are optional to it), so while `nltk` itself is imported they are made to look absent;
afterwards they import as usual (the few NLTK helpers that use them, none of them used here,
stay without them in this process).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

OPTIONAL = ("scipy", "sklearn", "pycrfsuite")


class _Loader(importlib.abc.Loader):
    """Runs NLTK's own loader with the optional packages hidden."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        hidden = [name for name in OPTIONAL if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # "import name" fails
        try:
            self._loader.exec_module(module)
        finally:
            for name in hidden:
                if sys.modules.get(name, ModuleType(name)) is None:
                    del sys.modules[name]


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the `nltk` package as usual and wraps its loader (other imports untouched)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != "nltk":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Loader(spec.loader)
                return spec
        return None


def install() -> None:
    """Hide the optional packages from NLTK's import (no effect once nltk is imported)."""
    if "nltk" not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
