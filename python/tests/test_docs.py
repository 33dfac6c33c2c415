"""The snippets of docs/python.md run as written: the first fill (with the test's port),
and the in-process ones print what their last line's comment says."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "python.md"


def snippets() -> list[str]:
    section = DOC.read_text().split("## A first fill in five lines")[1].split("\n## ")[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_sync_snippet_is_five_lines_and_fills(market, source_env):
    code = snippets()[0]
    assert len(code.strip().splitlines()) == 5
    code = re.sub(r'SyncClient\(("[\w-]+"), ("[\w-]+")\)', rf"SyncClient(\1, \2, port={market.port})", code)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=30, env=source_env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["OrderState.FILLED", "12000", "2"]


def test_the_async_snippet_fills(market, source_env):
    code = re.sub(r'Client\(("[\w-]+"), ("[\w-]+")\)', rf"Client(\1, \2, port={market.port})",
                  snippets()[1])
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=30, env=source_env)
    assert run.returncode == 0, run.stderr
    assert "FILLED" in run.stdout.upper() and "qty=2" in run.stdout


def in_process_snippets() -> list[str]:
    section = DOC.read_text().split("## In process: the market and the simulator")[1]
    return re.findall(r"```python\n(.*?)```", section.split("\n## ")[0], re.S)


def test_the_in_process_snippets_print_what_their_comments_say(source_env):
    pytest.importorskip("ftz.sim", reason="the extension is not built")
    snippets = in_process_snippets()
    assert len(snippets) == 3
    for code in snippets:
        expected = re.search(r"#\s*([^#\n]+)\n?$", code.rstrip() + "\n")
        assert expected, f"the snippet's last line names its output:\n{code}"
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=120, env=source_env)
        assert run.returncode == 0, run.stderr
        assert run.stdout.split() == expected.group(1).split(), code
