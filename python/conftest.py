"""Running the tests from a source checkout: `import ftz` finds python/ftz, and the wire
module is generated into it from proto/ when missing or older than the proto (an
installed package has it already; see build_backend/ftz_build.py)."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "build_backend"))

import ftz_build  # noqa: E402

ftz_build.generate_wire(HERE / "ftz")
os.environ.setdefault("FTZ_PYTHON_DIR", str(HERE))
