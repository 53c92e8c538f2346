"""Helper processes start without running the app's main script again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """\
import sys
from pathlib import Path

with open(sys.argv[1], "a", encoding="utf-8") as log:
    log.write(__name__ + "\\n")  # every run of this script leaves a line

if __name__ == "__main__":
    from claimdesk.core.reader_process import FileReader

    with FileReader() as reader:
        draft = reader.read(Path(sys.argv[2]), lambda: False)
    print(draft.text.strip())
"""


def test_a_child_does_not_run_the_parents_script(tmp_path: Path) -> None:
    """As the `claimdesk` script would: run again, it imports the whole command line."""
    script, log, article = tmp_path / "app.py", tmp_path / "runs.log", tmp_path / "a.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    article.write_text("Fujitsu sold 400 servers in 2020.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(log), str(article)],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard only
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Fujitsu sold 400 servers in 2020."  # the child read it
    assert log.read_text(encoding="utf-8").split() == ["__main__"]  # not "__mp_main__" too
