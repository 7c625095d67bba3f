"""Shell completion of the newsroom's names, as bash and zsh ask for it (Typer's protocol:
`_BOTBEAT_COMPLETE` and the words so far), in this process and in a real one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import Newsroom, Run, botbeat_command


def bash(run: Run, newsroom: Newsroom, words: str) -> list[str]:
    env = {"_BOTBEAT_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split(" ")) - 1)}  # fmt: skip
    done = run(cwd=newsroom.root, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_slugs_topics_entities_and_kinds_complete(newsroom: Newsroom, run: Run) -> None:
    newsroom.article("agent-story")
    newsroom.article("agent-memo")
    newsroom.article("chip-story")
    assert bash(run, newsroom, "botbeat tag add agent") == ["agent-memo", "agent-story"]
    assert bash(run, newsroom, "botbeat preview chip") == ["chip-story"]
    assert bash(run, newsroom, "botbeat tag add chip-story ethic") == ["ethics-bias"]
    assert bash(run, newsroom, "botbeat list --entity anth") == ["anthropic"]
    assert bash(run, newsroom, "botbeat new Title --kind res") == ["research"]
    assert bash(run, newsroom, "botbeat related --write agent-s") == ["agent-story"]


def test_zsh_gets_the_labels_beside_the_keys_in_a_real_process(newsroom: Newsroom) -> None:
    env = {**os.environ, "_BOTBEAT_COMPLETE": "complete_zsh",
           "_TYPER_COMPLETE_ARGS": "botbeat list --topic ethic"}  # fmt: skip
    done = subprocess.run(botbeat_command(), cwd=newsroom.root, env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert '"ethics-bias":"Ethics & Bias"' in done.stdout


def test_outside_a_newsroom_nothing_is_offered(tmp_path: Path, run: Run) -> None:
    env = {"_BOTBEAT_COMPLETE": "complete_bash", "COMP_WORDS": "botbeat tag add a",
           "COMP_CWORD": "3"}  # fmt: skip
    done = run(cwd=tmp_path, env=env)
    assert (done.returncode, done.stdout.strip()) == (0, "")
