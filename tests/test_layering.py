"""The package's wings keep to their layers, and no module imports another in a cycle.

- the core (everything outside bot/chat) never imports telegram;
- bot.ingest never imports the search wing (writing an article must not load an index);
- bot.search never imports bot.chat, bot.ingest or telegram;
- nothing imports the CLI;
- no import cycle, counting imports inside functions too;
- at most 8 modules at the package root;
- the saved index's pipeline hash covers every module its analysis imports, and the versions
  of the libraries it calls.
"""

from __future__ import annotations

import ast
import importlib.metadata
import sys
from pathlib import Path

import bot
from tests.helpers.checks import run_python

PACKAGE = Path(bot.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Every bot module `name` imports anywhere in its body (lazy imports included)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            # `from bot import messages` depends on bot.messages, not on bot/__init__.py (which
            # every import of a submodule runs anyway); `from bot import __version__` does.
            names_only = any(module not in MODULES for module in submodules)
            targets = ([base] if names_only else []) + submodules
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def reaches(start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for target in GRAPH[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def test_no_import_cycles() -> None:
    cycles = sorted(name for name in MODULES if name in reaches(name))
    assert cycles == [], f"modules in an import cycle: {cycles}"


def test_wings_keep_to_their_layers() -> None:
    for name in MODULES:
        targets = reaches(name)
        if name.startswith("bot.ingest"):
            assert not {t for t in targets if t.startswith("bot.search")}, name
        if name.startswith("bot.search"):
            bad = {t for t in targets if t.startswith(("bot.chat", "bot.ingest"))}
            assert not bad, f"{name} imports {bad}"
        if not name.startswith("bot.cli") and name != "bot.__main__":
            assert not {t for t in GRAPH[name] if t.split(".")[:2] == ["bot", "cli"]}, name


def test_at_most_eight_modules_at_the_root() -> None:
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root) <= 8, root


def test_core_modules_do_not_import_telegram() -> None:
    core = [name for name in MODULES if not name.startswith("bot.chat")]
    assert {"bot.search.answer", "bot.search.render", "bot.cli", "bot.ingest"} <= set(core)
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'telegram')))\n"
    )
    assert run_python(code) == "", "telegram imported by the core"


def test_importing_ingest_loads_no_search_module() -> None:
    code = (
        "import sys, bot.ingest, bot.ingest.ingestor, bot.ingest.follow\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('bot.search')"
        " or m.split('.')[0] in ('rank_bm25', 'nltk', 'numba'))))\n"
    )
    assert run_python(code) == ""


def test_the_telegram_layer_does_import_telegram() -> None:
    assert run_python("import sys, bot.chat.app; print('telegram' in sys.modules)") == "True"


def wing(name: str) -> str:
    """A module's wing as drawn in the README's Design map."""
    parts = name.split(".")
    if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()):
        return parts[1]
    return {"bot": "bot", "bot.api": "api", "bot.__main__": "cli"}.get(name, "root")


ROOT_AND_BASE = {"root", "common"}
# Who may import whom, as the README's Design section draws it.
ALLOWED = {
    "cli": {"chat", "ingest", "search", "evaluation", "api", "bot"} | ROOT_AND_BASE,
    "bot": {"api"} | ROOT_AND_BASE,
    "chat": {"ingest", "search"} | ROOT_AND_BASE,
    "evaluation": {"search"} | ROOT_AND_BASE,
    "api": {"search"} | ROOT_AND_BASE,
    "ingest": ROOT_AND_BASE,
    "search": ROOT_AND_BASE,
    "root": ROOT_AND_BASE,
    "common": {"common"},
}


def test_wings_import_only_what_the_design_map_allows() -> None:
    for name, targets in GRAPH.items():
        bad = {t for t in targets if wing(t) != wing(name) and wing(t) not in ALLOWED[wing(name)]}
        assert not bad, f"{name} ({wing(name)}) imports {bad}"


def test_the_saved_index_hash_covers_the_code_it_imports() -> None:
    # A saved index is rebuilt when this code changes: a module it imports but the hash leaves
    # out (bot/search/lang/arabic.py was) would let old terms meet new questions.
    from bot.search.saved_index import _PIPELINE

    hashed = {module_name(PACKAGE / path) for path in _PIPELINE}
    assert hashed <= set(MODULES)
    imported = set().union(*(reaches(name) for name in hashed))
    assert imported - hashed <= {"bot.errors"}  # error messages: no terms come from them


def third_party_imports(name: str) -> set[str]:
    """The top-level names of the non-bot, non-stdlib modules `name` imports anywhere."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return {m for m in found if m != "bot" and m not in sys.stdlib_module_names}


def test_the_saved_index_hash_covers_the_libraries_its_code_calls() -> None:
    # A new release of a stemmer or segmenter changes terms as surely as our own code does.
    from bot.search.saved_index import _LIBRARIES, _PIPELINE

    hashed = {module_name(PACKAGE / path) for path in _PIPELINE}
    # filelock: corpus.py's lock on the corpus directory; no text comes from it.
    modules = set().union(*(third_party_imports(name) for name in hashed)) - {"filelock"}
    assert modules, "the analysis imports no library at all?"
    distributions = importlib.metadata.packages_distributions()
    for module in sorted(modules):
        names = set(distributions.get(module, []))
        assert names & set(_LIBRARIES), f"{module} ({names or 'not installed'}) is not hashed"
