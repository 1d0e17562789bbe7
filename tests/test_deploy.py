"""Deployment: the hardened systemd unit, numba's cache directory, the licence (issue 11, 7)."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "newsbot.service"
README = ROOT / "README.md"


def directives(text: str) -> dict[str, dict[str, list[str]]]:
    """A unit file's sections, each key with every value it is given (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def test_the_unit_is_hardened_and_gives_up_on_a_bad_config() -> None:
    unit = directives(UNIT.read_text(encoding="utf-8"))
    service, head = unit["Service"], unit["Unit"]
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict",
                       "ProtectHome": "yes", "PrivateTmp": "yes", "CapabilityBoundingSet": "",
                       "StateDirectory": "newsbot", "CacheDirectory": "newsbot",
                       "SystemCallArchitectures": "native", "User": "newsbot",
                       "Restart": "on-failure", "UMask": "0077"}.items():
        assert service[key] == [value], key
    assert "@system-service" in service["SystemCallFilter"]
    assert any(v.startswith("~") and "@privileged" in v for v in service["SystemCallFilter"])
    assert int(head["StartLimitBurst"][0]) <= 5 and int(head["StartLimitIntervalSec"][0]) >= 60
    assert "ReadWritePaths" not in service  # only the state and cache directories are writable
    env = dict(v.split("=", 1) for v in service["Environment"])
    assert env["NUMBA_CACHE_DIR"].startswith("/var/cache/newsbot/")
    assert env["NEWSBOT_DATA_DIR"].startswith("/var/lib/newsbot")
    assert env["NEWSBOT_CORPUS"].startswith("/var/lib/newsbot/")


def exposure() -> float:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed")
    result = subprocess.run([tool, "security", "--offline=yes", str(UNIT)],
                            capture_output=True, text=True, timeout=60, check=False)
    match = re.search(r"Overall exposure level for newsbot\.service: (\d+\.\d)", result.stdout)
    assert match, result.stdout + result.stderr
    return float(match.group(1))


def test_systemd_analyze_rates_the_unit_at_most_3_and_the_readme_says_so() -> None:
    score = exposure()
    assert score <= 3.0
    assert f"reports **{score} OK**" in README.read_text(encoding="utf-8")


def test_systemd_analyze_verify_finds_nothing_but_the_missing_install(tmp_path: Path) -> None:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed")
    # The install is not on this machine: point ExecStart at a program that is.
    unit = tmp_path / "newsbot.service"
    unit.write_text(UNIT.read_text(encoding="utf-8").replace(
        "/opt/newsbot/.venv/bin/newsbot", sys.executable), encoding="utf-8")
    result = subprocess.run([tool, "verify", str(unit)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_numba_caches_the_kernel_in_numba_cache_dir(tmp_path: Path) -> None:
    pytest.importorskip("numba")
    cache = tmp_path / "numba"
    code = ("from bot.search.bm25 import loader, start_kernel\n"
            "start_kernel(wait=True)\n"
            "print(loader.loaded() is not None)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, check=False, cwd=tmp_path,
                            env={"NUMBA_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "True", result.stderr
    assert list(cache.rglob("*.nbi")), "numba wrote no cache index there"


def test_a_kernel_that_cannot_load_falls_back_with_one_warning(tmp_path: Path) -> None:
    code = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.WARNING, format='%(levelname)s %(message)s')\n"
        "class ReadOnlyInstall:\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'bot.search.bm25.kernel':\n"
        "            raise RuntimeError('cannot cache function: no locator available')\n"
        "sys.meta_path.insert(0, ReadOnlyInstall())\n"
        "from bot.search.bm25 import loader, start_kernel\n"
        "start_kernel(wait=True)\n"
        "print(loader.loaded())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "NUMBA_CACHE_DIR" in warnings[0]
    assert "Traceback" not in result.stderr


def test_the_readme_says_how_to_own_and_protect_the_install() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Running as a service"):text.index("## Answer quality")]
    assert "-m 600" in section and "/opt/newsbot/.env" in section
    assert "chown -R root:root /opt/newsbot" in section
    assert "StartLimitBurst" in section and "NUMBA_CACHE_DIR" in section


def test_licence_file_and_metadata() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    metadata = importlib.metadata.metadata("newsbot")
    assert metadata.get("License-Expression") == "MIT" or "MIT" in (metadata.get("License") or "")
    text = README.read_text(encoding="utf-8")
    licence = text[text.index("## Licence"):]
    assert "belong" in licence or "copyright" in licence
    for outlet in ("UrduPoint", "Insider Paper"):
        assert outlet in licence
