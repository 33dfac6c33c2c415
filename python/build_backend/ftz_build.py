"""The package's PEP 517 build backend: the standard library and `protoc`, nothing else.

`pip install ./python` must work without a network, and pip builds a package in an
isolated environment that sees no site-packages: a backend that needs setuptools would
have to download it. This one needs nothing, so `[build-system] requires` is empty.

What it does beyond zipping `ftz/`: it generates the wire module `ftz/ftz_wire_pb2.py`
(and its type stub `.pyi`) from `ftz_wire.proto` with the `protoc` on PATH (or
$PROTOC). The proto is looked up in $FTZ_PROTO_DIR, then `proto/` beside
`pyproject.toml` (an sdist carries a copy there), then `../proto` (the repository). The
wheel requires a protobuf runtime at least as new as that protoc, because protoc's
Python output only imports into a runtime of its own version or newer.

The in-process extension `ftz/sim/_native*.so` (bindings/, built by CMake) goes into the
wheel when the C++ build has made it for this interpreter: $FTZ_NATIVE (the file, or its
directory), else $FTZ_BUILD_DIR/bindings; where neither is set, ../build/release/bindings.
The wheel is then tagged for this interpreter and platform and requires numpy; without
it the wheel is pure Python (the client; `import ftz.sim` then names what to build).

Hooks: build_wheel, build_editable (PEP 660: a .pth pointing at this directory, with
the wire module generated in place; ftz.sim finds the extension in the build), build_sdist
and their metadata helpers.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the directory of pyproject.toml
PACKAGE = "ftz"
PROTO = "ftz_wire.proto"
WIRE_MODULE = "ftz_wire_pb2"


# --- the wire module ----------------------------------------------------------------

def find_proto() -> Path:
    """The directory holding ftz_wire.proto; FileNotFoundError names where it looked."""
    candidates = [Path(p) for p in [os.environ.get("FTZ_PROTO_DIR", "")] if p]
    candidates += [ROOT / "proto", ROOT.parent / "proto"]
    for directory in candidates:
        if (directory / PROTO).is_file():
            return directory
    raise FileNotFoundError(f"{PROTO} not found in: {', '.join(map(str, candidates))}")


def find_protoc() -> str:
    protoc = os.environ.get("PROTOC") or shutil.which("protoc")
    if not protoc:
        raise FileNotFoundError("protoc not found: install Debian's protobuf-compiler, or set PROTOC")
    return protoc


def protoc_version(protoc: str) -> tuple[int, int]:
    """(major, minor) of `protoc --version` ("libprotoc 3.21.12" -> (3, 21))."""
    out = subprocess.run([protoc, "--version"], check=True, capture_output=True, text=True).stdout
    match = re.search(r"(\d+)\.(\d+)", out)
    if not match:
        raise RuntimeError(f"cannot read the version of {protoc}: {out!r}")
    return int(match.group(1)), int(match.group(2))


def runtime_requirement(protoc: str) -> str:
    """The protobuf runtime that imports what this protoc generates.

    protoc 3.Y pairs with the Python runtime 3.Y / 4.Y (Debian 12: protoc 3.21.12 and
    python3-protobuf 4.21.12); from protoc 22 on the runtime is 4.N, 5.N, ... for protoc N.
    """
    major, minor = protoc_version(protoc)
    return f"protobuf>=3.{minor}" if major == 3 else f"protobuf>=4.{major}"


def generate_wire(out_dir: Path) -> list[Path]:
    """Writes ftz_wire_pb2.py and .pyi into out_dir unless they are newer than the proto.

    Returns the two files. Used by the hooks below and by the tests' conftest (running
    from the source tree without installing).
    """
    proto_dir = find_proto()
    source = proto_dir / PROTO
    outputs = [out_dir / f"{WIRE_MODULE}.py", out_dir / f"{WIRE_MODULE}.pyi"]
    if all(p.exists() and p.stat().st_mtime >= source.stat().st_mtime for p in outputs):
        return outputs
    protoc = find_protoc()
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([protoc, f"-I{proto_dir}", f"--python_out={out_dir}", f"--pyi_out={out_dir}",
                    str(source)], check=True)
    return outputs


# --- the in-process extension ------------------------------------------------------------

NATIVE = "_native"  # ftz/sim/_native<EXT_SUFFIX>


def find_native() -> Path | None:
    """The extension built for this interpreter, or None (see the module's docstring)."""
    places = [Path(p) for p in [os.environ.get("FTZ_NATIVE", "")] if p]
    places += [Path(p) / "bindings" for p in [os.environ.get("FTZ_BUILD_DIR", "")] if p]
    if not places:  # named places only: a build's test never packs another build's
        places.append(ROOT.parent / "build" / "release" / "bindings")
    name = NATIVE + sysconfig.get_config_var("EXT_SUFFIX")
    for place in places:
        path = place if place.is_file() else place / name
        if path.is_file() and path.name == name:
            return path
    return None


def _wheel_tag() -> str:
    """py3-none-any, or this interpreter's and platform's tag when the wheel has the extension."""
    if find_native() is None:
        return "py3-none-any"
    python = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{python}-{python}-{platform}"


# --- metadata -------------------------------------------------------------------------

def _project() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def _dist_name() -> str:
    return re.sub(r"[-_.]+", "_", _project()["name"]).lower()


def _dist_info() -> str:
    return f"{_dist_name()}-{_project()['version']}.dist-info"


def _metadata() -> str:
    """The core metadata (METADATA / PKG-INFO), version 2.1."""
    p = _project()
    lines = ["Metadata-Version: 2.1", f"Name: {p['name']}", f"Version: {p['version']}",
             f"Summary: {p['description']}", f"Requires-Python: {p['requires-python']}"]
    lines += [f"Requires-Dist: {r}" for r in p.get("dependencies", [])]
    lines.append(f"Requires-Dist: {runtime_requirement(find_protoc())}")
    if find_native() is not None:
        lines.append("Requires-Dist: numpy")  # ftz.sim
    readme = (ROOT / p["readme"]).read_text(encoding="utf-8")
    lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + readme


def _wheel_file() -> str:
    """The wheel's WHEEL file."""
    tag = _wheel_tag()
    purelib = "true" if tag == "py3-none-any" else "false"
    return f"Wheel-Version: 1.0\nGenerator: ftz_build\nRoot-Is-Purelib: {purelib}\nTag: {tag}\n"


def _write_dist_info(directory: Path) -> str:
    info = directory / _dist_info()
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(_metadata(), encoding="utf-8")
    (info / "WHEEL").write_text(_wheel_file(), encoding="utf-8")
    return info.name


# --- wheels -----------------------------------------------------------------------------

class _Wheel:
    """A wheel being written: files plus the RECORD of their hashes."""

    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        self.record: list[str] = []

    def add(self, name: str, data: bytes) -> None:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, data)
        self.record.append(f"{name},sha256={digest},{len(data)}")

    def close(self) -> None:
        info = _dist_info()
        self.add(f"{info}/METADATA", _metadata().encode())
        self.add(f"{info}/WHEEL", _wheel_file().encode())
        self.record.append(f"{info}/RECORD,,")
        self.zip.writestr(f"{info}/RECORD", "\n".join(self.record) + "\n")
        self.zip.close()


def _wheel_name() -> str:
    return f"{_dist_name()}-{_project()['version']}-{_wheel_tag()}.whl"


def _package_files(root: Path) -> list[Path]:
    """The package's files under root/ftz: sources, stubs, py.typed; no caches, and no
    compiled extension (build_wheel adds the build's)."""
    return sorted(p for p in (root / PACKAGE).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".so"))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None) -> str:
    """A wheel of ftz/ with the wire module generated into it (not into the source tree)."""
    name = _wheel_name()
    wheel = _Wheel(Path(wheel_directory) / name)
    fresh = generate_wire(Path(tempfile.mkdtemp(prefix="ftz-wire-")))
    generated = {p.name: p.read_bytes() for p in fresh}
    for path in _package_files(ROOT):
        if path.parent == ROOT / PACKAGE and path.name in generated:
            continue  # a stale copy generated in the source tree: use the fresh one
        wheel.add(path.relative_to(ROOT).as_posix(), path.read_bytes())
    for filename, data in generated.items():
        wheel.add(f"{PACKAGE}/{filename}", data)
    if (native := find_native()) is not None:
        wheel.add(f"{PACKAGE}/sim/{native.name}", native.read_bytes())
    wheel.close()
    return name


def build_editable(wheel_directory, config_settings=None, metadata_directory=None) -> str:
    """PEP 660: a wheel holding a .pth that puts this directory on sys.path."""
    generate_wire(ROOT / PACKAGE)
    name = _wheel_name()
    wheel = _Wheel(Path(wheel_directory) / name)
    wheel.add(f"__editable__.{_dist_name()}.pth", f"{ROOT}\n".encode())
    wheel.close()
    return name


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None) -> str:
    return _write_dist_info(Path(metadata_directory))


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def get_requires_for_build_wheel(config_settings=None) -> list[str]:
    return []


get_requires_for_build_editable = get_requires_for_build_wheel
get_requires_for_build_sdist = get_requires_for_build_wheel


# --- sdist ------------------------------------------------------------------------------

def build_sdist(sdist_directory, config_settings=None) -> str:
    """A source archive that builds without the repository: it carries the proto."""
    base = f"{_dist_name()}-{_project()['version']}"
    name = f"{base}.tar.gz"
    files = {Path("pyproject.toml"): ROOT / "pyproject.toml",
             Path(_project()["readme"]): ROOT / _project()["readme"],
             Path("build_backend/ftz_build.py"): Path(__file__).resolve(),
             Path("proto") / PROTO: find_proto() / PROTO}
    for path in _package_files(ROOT):
        if path.stem != WIRE_MODULE:
            files[path.relative_to(ROOT)] = path
    with tarfile.open(Path(sdist_directory) / name, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        pkg_info = _metadata().encode()
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(pkg_info)
        tar.addfile(info, io.BytesIO(pkg_info))
        for arcname, source in sorted(files.items()):
            tar.add(source, arcname=f"{base}/{arcname.as_posix()}")
    return name


if __name__ == "__main__":  # a source checkout: generate the wire module in place
    for generated in generate_wire(ROOT / PACKAGE):
        print(generated)
