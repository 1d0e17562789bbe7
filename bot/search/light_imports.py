"""NLTK and numba without the scientific stack they import when it happens to be installed.

`import nltk` (which any `nltk.*` import runs first) loads nearly all of NLTK, and with it
SciPy and scikit-learn when they are installed (they are, for the benchmarks): about 90 MB
of a serving process's memory and over a second of its start, for the Snowball stemmer and
the Punkt splitter, which need neither. numba imports SciPy too: at `import numba`, only to
check its version, and when a compiled kernel loads, SciPy's BLAS for linear algebra in
compiled code, which the BM25 kernel does not use (together about 45 MB at 1M sentences).
Each imports them in `try ... except ImportError` (they are optional to it), so while one of
the modules in HIDDEN_FROM is imported they are made to look absent; afterwards they import
as usual (the few NLTK helpers and numba's compiled linear algebra that use them, none of
them used here, stay without them in this process).
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

# What each package's own import is kept from (a package in its try ... except ImportError).
HIDDEN_FROM = {"nltk": ("scipy", "sklearn", "pycrfsuite"), "numba": ("scipy",),
               # numba's array functions look for SciPy's BLAS when a compiled kernel loads
               # (for np.dot and np.linalg in compiled code, which the BM25 kernel never uses).
               "numba.np.arraymath": ("scipy",)}


class _Loader(importlib.abc.Loader):
    """Runs a package's own loader with its optional packages hidden."""

    def __init__(self, loader: importlib.abc.Loader, optional: tuple[str, ...]) -> None:
        self._loader = loader
        self._optional = optional

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        hidden = [name for name in self._optional if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # "import name" fails
        try:
            self._loader.exec_module(module)
        finally:
            for name in hidden:
                if sys.modules.get(name, ModuleType(name)) is None:
                    del sys.modules[name]


class _Finder(importlib.abc.MetaPathFinder):
    """Finds `nltk` and `numba` as usual and wraps their loaders (other imports untouched)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        optional = HIDDEN_FROM.get(fullname)
        if optional is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Loader(spec.loader, optional)
                return spec
        return None


def install() -> None:
    """Hide the optional packages from NLTK's and numba's imports (each: no effect once it is
    imported)."""
    if (any(name not in sys.modules for name in HIDDEN_FROM)
            and not any(isinstance(f, _Finder) for f in sys.meta_path)):
        sys.meta_path.insert(0, _Finder())
