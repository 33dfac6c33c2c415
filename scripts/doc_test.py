#!/usr/bin/env python3
"""Runs every shell command block of the project's documentation, as written.

A block is a fenced code block marked ```sh or ```bash in README.md, docs/*.md,
python/README.md, bench/README.md or bench/loadgen/README.md. Each block runs as one bash
script (`set -euo pipefail`) in a scratch directory that links to the checkout's top-level
folders (so `build/release/apps/ftz ...` works and `out/...` lands in the scratch
directory), with a time limit; it passes when it exits 0. Background jobs it starts
(`... &`) are killed when it ends.

An HTML comment right before a block changes how it runs (several may be combined):

  <!-- doctest: skip REASON -->           not run; REASON is printed (e.g. it is CI itself)
  <!-- doctest: replace OLD => NEW -->    text replaced before running, to shorten a long
                                          run (e.g. `--seeds 10 => --seeds 2`)
  <!-- doctest: in-checkout -->           runs in the checkout itself, not a scratch dir
  <!-- doctest: timeout SECONDS -->       another time limit (default 300)

Usage: doc_test.py [--list] [--only SUBSTRING] [FILE...]   (from anywhere in the checkout)
Exit status 0 when every block that ran passed; the last line is
"doc_test: N blocks passed, N failed, N skipped".
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = ["README.md", "docs/*.md", "python/README.md", "bench/README.md",
                 "bench/loadgen/README.md"]
FENCE = re.compile(r"^```(sh|bash)\s*$")
DIRECTIVE = re.compile(r"<!--\s*doctest:\s*(.*?)\s*-->")


@dataclass
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    text: str
    skip: str = ""
    replacements: list = field(default_factory=list)
    in_checkout: bool = False
    timeout: float = 300

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def parse(path: Path) -> list:
    """The shell blocks of one Markdown file, with the directives just before each."""
    blocks = []
    lines = path.read_text(encoding="utf-8").splitlines()
    pending = []  # directives seen since the last block or text
    i = 0
    while i < len(lines):
        line = lines[i]
        m = DIRECTIVE.search(line)
        if m:
            pending.append(m.group(1))
            i += 1
            continue
        if FENCE.match(line):
            start = i + 1
            body = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            block = Block(path, start, "\n".join(body) + "\n")
            for d in pending:
                apply_directive(block, d)
            blocks.append(block)
            pending = []
        elif line.strip():
            pending = []  # a directive applies to the block right after it
        i += 1
    return blocks


def apply_directive(block: Block, text: str) -> None:
    word, _, rest = text.partition(" ")
    if word == "skip":
        block.skip = rest or "marked skip"
    elif word == "replace":
        old, sep, new = rest.partition("=>")
        if not sep:
            raise SystemExit(f"{block.where()}: 'replace' needs OLD => NEW")
        block.replacements.append((old.strip(), new.strip()))
    elif word == "in-checkout":
        block.in_checkout = True
    elif word == "timeout":
        block.timeout = float(rest)
    else:
        raise SystemExit(f"{block.where()}: unknown doctest directive '{word}'")


def scratch_dir() -> Path:
    """A directory that looks like the checkout (links to its top-level entries) but has
    its own out/ and nothing else written into the checkout."""
    d = Path(tempfile.mkdtemp(prefix="ftz-doctest-"))
    for entry in ROOT.iterdir():
        if entry.name in (".git", "out"):
            continue
        (d / entry.name).symlink_to(entry)
    return d


def run(block: Block) -> tuple:
    script = block.text
    for old, new in block.replacements:
        if old not in script:
            return False, f"replace: '{old}' is not in the block (did the docs change?)"
        script = script.replace(old, new)
    cwd = ROOT if block.in_checkout else scratch_dir()
    env = dict(os.environ, EDITOR="true", FTZ_DOCTEST="1")
    full = "set -euo pipefail\n" + script
    start = time.monotonic()
    proc = subprocess.Popen(["bash", "-c", full], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=block.timeout)
        ok = proc.returncode == 0
        why = "" if ok else f"exit status {proc.returncode}"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        ok, why = False, f"timed out after {block.timeout:.0f} s"
    finally:
        # Background jobs the block started (ftz serve &) die with it.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        if cwd != ROOT:
            shutil.rmtree(cwd, ignore_errors=True)
    elapsed = time.monotonic() - start
    return ok, f"{why} ({elapsed:.1f} s)\n{out}" if not ok else f"({elapsed:.1f} s)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="Markdown files (default: the project's docs)")
    ap.add_argument("--list", action="store_true", help="list the blocks and exit")
    ap.add_argument("--only", default="", help="run only blocks whose location contains this")
    args = ap.parse_args()
    paths = []
    for pattern in args.files or DEFAULT_FILES:
        found = sorted(ROOT.glob(pattern)) if not Path(pattern).is_absolute() else [Path(pattern)]
        paths += [p.resolve() for p in found]
    blocks = [b for p in paths for b in parse(p) if args.only in b.where()]
    if args.list:
        for b in blocks:
            status = f"skip: {b.skip}" if b.skip else "run"
            print(f"{b.where()}: {status}")
        return 0
    passed = failed = skipped = 0
    for b in blocks:
        if b.skip:
            skipped += 1
            print(f"doc_test: {b.where()}: skipped ({b.skip})", flush=True)
            continue
        ok, detail = run(b)
        if ok:
            passed += 1
            print(f"doc_test: {b.where()}: passed {detail}", flush=True)
        else:
            failed += 1
            print(f"doc_test: {b.where()}: FAILED {detail}", flush=True)
    print(f"doc_test: {passed} blocks passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
