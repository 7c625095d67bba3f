"""The full SIGKILL trial run of issue 12: every multi-file write killed at random moments
on a large newsroom, each file checked to be its old or new version and to parse, and a
rerun checked to finish the job. (CI runs the same trials, smaller:
tests/store/test_killed_writes.py.)

    python bench/kill_bench.py [--articles 3000] [--moments 20]

Prints, per command, how many kills were made and how many landed in the middle of the
write (some files new, some old): those are the ones that test atomicity.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.store.test_killed_writes import _Moved, build, kill_trials


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--moments", type=int, default=20)
    options = parser.parse_args()
    commands = [
        ["related", "--write"],
        ["tag", "rename", "ethics-bias", "ethics-and-bias", "--apply"],
        ["tag", "merge", "product-launch", "ai-safety-alignment", "--apply"],
    ]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        template = work / "template"
        build(template, options.articles)
        for index, args in enumerate(commands):
            trials = kill_trials(work / f"run-{index}", template, args, options.moments)
            print(f"{' '.join(args):55} {trials.kills} kills, {trials.killed_mid_write} "
                  "mid-write: every file old or new, every rerun complete")  # fmt: skip
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Moved)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        moved = work / "moved"
        build(moved, options.articles, f"http://127.0.0.1:{server.server_address[1]}/")
        args = ["sources", "--allow-private", "--fix-redirects", "--apply", "--no-cache"]
        trials = kill_trials(work / "run-sources", moved, args, options.moments)
        print(f"{' '.join(args):55} {trials.kills} kills, {trials.killed_mid_write} "
              "mid-write: every file old or new, every rerun complete")  # fmt: skip
        server.shutdown()


if __name__ == "__main__":
    main()
