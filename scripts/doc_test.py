#!/usr/bin/env python3
"""Runs every shell command block of the project's documentation, as written.

A block is a fenced code block marked ```sh, ```bash or ```shell in README.md, docs/*.md,
python/README.md, bench/README.md or bench/loadgen/README.md. Each block runs as one bash
script (`set -euo pipefail`) in a scratch directory that links to the checkout's tracked
top-level entries (so `build/release/apps/ftz ...` works, and `out/`, `.venv/` or
`ftz-journal/` land in the scratch directory), with a time limit; it passes when it
exits 0. Background jobs it starts (`... &`) are stopped when it ends (SIGTERM, then
SIGKILL), before the next block runs.

A fence without a language fails: a block that is not commands (output, a file tree, a
synopsis) is marked ```text, so no command block goes untested by omission.

The build the docs run against: the scratch directory's `build/release` is the
checkout's build/release, or the build folder named by --build or $FTZ_DOCTEST_BUILD
(e.g. build/ci: scripts/test.sh runs the docs against the build it tested; the scratch
directory then has its own build/ folder whose `release` links to that folder). Blocks
run with FTZ_BUILD_DIR set to that build, for the Python scripts that look for it.

An HTML comment right before a block changes how it runs (several may be combined):

  <!-- doctest: skip REASON -->           not run; REASON is printed (e.g. it is CI itself)
  <!-- doctest: replace OLD => NEW -->    text replaced before running, to shorten a long
                                          run (e.g. `--seeds 10 => --seeds 2`)
  <!-- doctest: in-checkout -->           runs in the checkout itself, not a scratch dir
                                          (and so against the checkout's build/release)
  <!-- doctest: timeout SECONDS -->       another time limit (default 300)

Usage: doc_test.py [--list] [--only SUBSTRING] [--build DIR] [--junit FILE] [-v] [FILE...]
(from anywhere in the checkout)
Exit status 0 when every block that ran passed; the last line is
"doc_test: N blocks passed, N failed, N skipped".
"""

import argparse
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = ["README.md", "docs/*.md", "python/README.md", "bench/README.md",
                 "bench/loadgen/README.md"]
FENCE = re.compile(r"^(\s*)```\s*([^`\s]*)")  # an opening or closing fence, its language
SHELL = ("sh", "bash", "shell")
DIRECTIVE = re.compile(r"<!--\s*doctest:\s*(.*?)\s*-->")
# Characters XML 1.0 does not allow (escape sequences, NUL) in a failed block's output.
XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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


def parse(path: Path) -> tuple:
    """The shell blocks of one Markdown file, with the directives just before each, and
    the problems found (fences without a language)."""
    blocks, problems = [], []
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
        fence = FENCE.match(line)
        if fence:
            indent, lang = len(fence.group(1)), fence.group(2).lower()
            start = i + 1
            body = []
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith("```"):
                body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i])
                i += 1
            if lang in SHELL:
                block = Block(path, start, "\n".join(body) + "\n")
                for d in pending:
                    apply_directive(block, d)
                blocks.append(block)
            elif not lang:
                problems.append(f"{path.relative_to(ROOT)}:{start}: a code block without a "
                                f"language: mark it ```sh (commands: run) or ```text (not run)")
            pending = []
        elif line.strip():
            pending = []  # a directive applies to the block right after it
        i += 1
    return blocks, problems


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


def tracked_entries() -> list:
    """The checkout's top-level entries that git tracks (not out/, .venv/, ftz-journal/ or
    anything else a developer's runs left there); every entry where git cannot tell."""
    try:
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.split("\0")
        names = {f.split("/")[0] for f in files if f}
    except (OSError, subprocess.CalledProcessError):
        names = {e.name for e in ROOT.iterdir() if e.name not in (".git", "out")}
    return [ROOT / n for n in sorted(names) if (ROOT / n).exists()]


def scratch_dir(build: Path) -> Path:
    """A directory that looks like the checkout (links to its tracked top-level entries)
    but has its own out/, .venv/ etc. and nothing else written into the checkout. Its
    build/ links to the checkout's build folders, but build/release is `build`."""
    d = Path(tempfile.mkdtemp(prefix="ftz-doctest-"))
    for entry in tracked_entries():
        if entry.name != "build":
            (d / entry.name).symlink_to(entry)
    (d / "build").mkdir()
    if (ROOT / "build").is_dir():
        for entry in (ROOT / "build").iterdir():
            if entry.name != "release":
                (d / "build" / entry.name).symlink_to(entry)
    (d / "build" / "release").symlink_to(build)
    return d


def become_subreaper() -> None:
    """Background jobs whose shell has ended are re-parented to this process (not to an
    init that may reap them late), so that stop_group sees them go at once."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap_orphans() -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def stop_group(proc: subprocess.Popen) -> None:
    """Ends what is left of a block's process group (its shell after a time-out, servers
    it started with `&`) and waits until it is gone, so that the next block finds its
    ports free."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()  # reaps the shell, which would stay in the group as a zombie
            reap_orphans()
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)


def run(block: Block, build: Path) -> tuple:
    script = block.text
    for old, new in block.replacements:
        if old not in script:
            return False, f"replace: '{old}' is not in the block (did the docs change?)", ""
        script = script.replace(old, new)
    cwd = ROOT if block.in_checkout else scratch_dir(build)
    # FTZ_BUILD_DIR: scripts that find the build from their own resolved path (python/)
    # would otherwise look in the checkout's build/release.
    env = dict(os.environ, EDITOR="true", FTZ_DOCTEST="1", FTZ_BUILD_DIR=str(build))
    full = "set -euo pipefail\n" + script
    start = time.monotonic()
    # Output goes to a file, not a pipe: a background job keeps a pipe open after the
    # block's shell has exited, and reading it to the end would wait for the job.
    with tempfile.TemporaryFile(mode="w+", prefix="ftz-doctest-out-") as log:
        proc = subprocess.Popen(["bash", "-c", full], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        try:
            proc.wait(timeout=block.timeout)
            ok = proc.returncode == 0
            why = "" if ok else f"exit status {proc.returncode}"
        except subprocess.TimeoutExpired:
            ok, why = False, f"timed out after {block.timeout:.0f} s"
        finally:
            stop_group(proc)  # background jobs the block started (ftz serve &)
            proc.wait()
            if cwd != ROOT:
                shutil.rmtree(cwd, ignore_errors=True)
        log.seek(0)
        out = log.read()
    elapsed = time.monotonic() - start
    return ok, f"({elapsed:.1f} s)" if ok else f"{why} ({elapsed:.1f} s)", out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="Markdown files (default: the project's docs)")
    ap.add_argument("--list", action="store_true", help="list the blocks and exit")
    ap.add_argument("--only", default="", help="run only blocks whose location contains this")
    ap.add_argument("--junit", metavar="FILE",
                    help="also write a JUnit XML report: one test case a block")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every block's output (else only a failed block's)")
    ap.add_argument("--build", default=os.environ.get("FTZ_DOCTEST_BUILD", "build/release"),
                    help="the build folder the docs' build/release stands for, relative to "
                         "the checkout (default: $FTZ_DOCTEST_BUILD, else build/release)")
    args = ap.parse_args()
    paths = []
    for pattern in args.files or DEFAULT_FILES:
        found = sorted(ROOT.glob(pattern)) if not Path(pattern).is_absolute() else [Path(pattern)]
        paths += [p.resolve() for p in found]
    blocks, problems = [], []
    for p in paths:
        found, wrong = parse(p)
        blocks += [b for b in found if args.only in b.where()]
        problems += wrong
    if args.list:
        for b in blocks:
            status = f"skip: {b.skip}" if b.skip else "run"
            print(f"{b.where()}: {status}")
        for problem in problems:
            print(f"{problem}")
        return 1 if problems else 0
    build = (ROOT / args.build).resolve()
    if not (build / "apps" / "ftz").is_file():
        print(f"doc_test: {build} has no apps/ftz: build it first (scripts/bootstrap.sh "
              f"release, or name another build with --build or FTZ_DOCTEST_BUILD)")
        return 1
    print(f"doc_test: {len(blocks)} blocks; build/release is {build}", flush=True)
    become_subreaper()
    passed = failed = skipped = 0
    t0 = time.monotonic()
    suite = ET.Element("testsuite", name="doc_test")
    for problem in problems:
        failed += 1
        print(f"doc_test: {problem}: FAILED", flush=True)
        where, _, why = problem.partition(": ")
        ET.SubElement(ET.SubElement(suite, "testcase", name=where), "failure", message=why)
    for b in blocks:
        case = ET.SubElement(suite, "testcase", classname=str(b.path.relative_to(ROOT)),
                             name=b.where())
        if b.skip:
            skipped += 1
            print(f"doc_test: {b.where()}: skipped ({b.skip})", flush=True)
            ET.SubElement(case, "skipped", message=b.skip)
            continue
        started = time.monotonic()
        ok, detail, out = run(b, build)
        case.set("time", f"{time.monotonic() - started:.3f}")
        if ok:
            passed += 1
            print(f"doc_test: {b.where()}: passed {detail}", flush=True)
        else:
            failed += 1
            print(f"doc_test: {b.where()}: FAILED {detail}", flush=True)
            ET.SubElement(case, "failure", message=detail).text = XML_INVALID.sub("?", out)
        if args.verbose or not ok:
            print(out, flush=True)
    print(f"doc_test: {time.monotonic() - t0:.0f} s")
    if args.junit:
        suite.set("tests", str(len(suite)))
        suite.set("failures", str(failed))
        suite.set("skipped", str(skipped))
        ET.ElementTree(suite).write(args.junit, encoding="utf-8", xml_declaration=True)
    print(f"doc_test: {passed} blocks passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
