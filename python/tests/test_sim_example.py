"""The training example (python/examples/train_env.py): its short run, as CI runs it,
trains the tabular learner and shows it beating the random policy on seeds it never
trained on (the 95% interval of the per-seed difference lies above zero)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ftz.sim", reason="the extension is not built (scripts/bootstrap.sh release)")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "train_env.py"
NUMBER = r"(-?[\d,]+)"


def test_the_short_training_run_beats_the_random_policy(source_env):
    run = subprocess.run([sys.executable, str(EXAMPLE), "--episodes", "40", "--eval", "20"],
                         env=source_env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = {name: [int(x.replace(",", "")) for x in numbers]
            for name, *numbers in re.findall(rf"^  (learner - random|learner|random) +{NUMBER}"
                                             rf" +\[ *{NUMBER}, *{NUMBER}\]$",
                                             run.stdout, re.MULTILINE)}
    assert set(rows) == {"learner", "random", "learner - random"}, run.stdout
    mean, low, high = rows["learner - random"]
    assert low > 0 and low <= mean <= high, run.stdout
    assert "the learner beats the random policy" in run.stdout
