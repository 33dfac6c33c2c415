"""The wire protocol's generated messages (proto/ftz_wire.proto).

Generated on first use with Debian's protoc into a cache folder next to this file (or
$FTZ_PROTO_PY_DIR), so the client needs no build step of its own.
"""

import importlib
import os
import subprocess
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_PROTO_DIR = os.path.join(os.path.dirname(os.path.dirname(_HERE)), "proto")


def _load():
    out = os.environ.get("FTZ_PROTO_PY_DIR") or os.path.join(_HERE, "_generated")
    module = os.path.join(out, "ftz_wire_pb2.py")
    source = os.path.join(_PROTO_DIR, "ftz_wire.proto")
    if not os.path.exists(module) or os.path.getmtime(module) < os.path.getmtime(source):
        os.makedirs(out, exist_ok=True)
        subprocess.run(["protoc", f"--python_out={out}", f"-I{_PROTO_DIR}", source], check=True)
    if out not in sys.path:
        sys.path.insert(0, out)
    return importlib.import_module("ftz_wire_pb2")


pb = _load()
