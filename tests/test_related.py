"""`botbeat related`: the rules on real files, exact bytes written, --check, explanations."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import PROJECT, Newsroom, Run, article_text

P = "articles/2026/"

LLM_BODY = "Large language model training compute scaling inference benchmark tokens."
CHIP_BODY = "GPU chips accelerator hardware datacenter silicon wafer supply."


def story(slug: str, body: str, **fields: str) -> str:
    return article_text(slug, **fields).replace(f"Summary text about {slug}.", body)


@pytest.fixture
def room(newsroom: Newsroom) -> Newsroom:
    n = newsroom
    n.write(P + "base-story.md", story("base-story", LLM_BODY, date="2026-03-10"))
    n.write(P + "same-a.md", story("same-a", LLM_BODY + " scaling", date="2026-03-01"))
    n.write(P + "same-b.md", story("same-b", CHIP_BODY, date="2026-03-02",
                                   topics="[mlops-infrastructure]"))  # fmt: skip
    n.write(P + "other-a.md", story("other-a", LLM_BODY, date="2026-03-03", entity="openai"))
    n.write(P + "other-b.md", story("other-b", CHIP_BODY, date="2026-03-04", entity="google",
                                    topics="[mlops-infrastructure]"))  # fmt: skip
    n.write(P + "draft-twin.md", story("draft-twin", LLM_BODY, date="2026-03-05",
                                       entity="openai", status="draft"))  # fmt: skip
    n.write(P + "newer-twin.md", story("newer-twin", LLM_BODY, date="2026-03-20",
                                       entity="openai"))  # fmt: skip
    return n


def _lists(run: Run, room: Newsroom, slug: str) -> dict[str, list[str]]:
    result = run("related", slug, "--format", "json", cwd=room.root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return {name: [item["slug"] for item in data[name]] for name in ("more_from", "suggested")}


def test_lists_follow_the_rules(room: Newsroom, run: Run) -> None:
    lists = _lists(run, room, "base-story")
    assert lists["more_from"] == ["same-a", "same-b"]  # same entity, best first
    # other entities only; no draft, nothing newer than the article (include_newer: false)
    assert lists["suggested"] == ["other-a", "other-b"]


def test_include_newer_and_threshold_knobs(room: Newsroom, run: Run) -> None:
    config = room.root / "botbeat.yaml"
    config.write_text(config.read_text() + "related:\n  include_newer: true\n")
    assert _lists(run, room, "base-story")["suggested"] == ["other-a", "newer-twin", "other-b"]
    config.write_text(config.read_text() + "  threshold: 0.2157\n")
    lists = _lists(run, room, "base-story")
    assert lists["suggested"] == ["other-a", "newer-twin", "other-b"]  # ..., 0.2317, 0.2161
    assert lists["more_from"] == ["same-a"]  # same-b scores 0.2153: below the threshold


def test_pinned_first_kept_and_never_in_both_lists(room: Newsroom, run: Run) -> None:
    text = (
        (room.root / P / "base-story.md")
        .read_text()
        .replace("status: published\n", "status: published\nrelated:\n  pinned: [same-a]\n")
    )
    (room.root / P / "base-story.md").write_text(text)
    lists = _lists(run, room, "base-story")
    assert lists["suggested"][0] == "same-a"
    assert "same-a" not in lists["more_from"]
    assert len(lists["suggested"]) == 3


def test_explanations_in_words(room: Newsroom, run: Run) -> None:
    out = run("related", "base-story", cwd=room.root).stdout
    assert out.startswith("More from Anthropic\n")
    assert "same-a: shares topics Large Language Models (LLMs), AI Safety & Alignment; " in out
    assert "same entity; 9 days apart; text similarity" in out
    assert "text similarity 0.63 on '" in out


def test_write_changes_only_related_and_check_agrees(room: Newsroom, run: Run) -> None:
    before = {p: p.read_bytes() for p in (room.root / "articles").rglob("*.md")}
    stale = run("related", "--check", cwd=room.root)
    assert stale.returncode == 1
    assert f"{P}base-story.md: more_from: (none) -> same-a, same-b; " in stale.stdout
    written = run("related", "--write", cwd=room.root)
    assert written.returncode == 0
    updated = [line for line in written.stdout.splitlines() if line.startswith("updated ")]
    assert f"updated {P}base-story.md" in updated
    assert (
        written.stdout.splitlines()[-1] == f"{len(updated)} file(s) changed, 7 article(s) computed"
    )
    base = (room.root / P / "base-story.md").read_bytes()
    assert base == before[room.root / P / "base-story.md"].replace(
        b"status: published\n",
        b"status: published\nrelated:\n  more_from: [same-a, same-b]\n"
        b"  suggested: [other-a, other-b]\n",
    )
    for path, old in before.items():  # nothing but the new related block differs
        assert re.sub(rb"related:\n(  .*\n)+", b"", path.read_bytes()) == old
    assert run("related", "--check", cwd=room.root).returncode == 0
    again = run("related", "--write", cwd=room.root)
    assert again.stdout.splitlines()[-1] == "0 file(s) changed, 7 article(s) computed"


def test_write_keeps_comments_and_block_style(room: Newsroom, run: Run) -> None:
    path = room.root / P / "base-story.md"
    text = path.read_text().replace(
        "status: published\n",
        "status: published\nrelated:   # computed by botbeat\n  pinned: []  # editors only\n"
        "  more_from:\n    - stale-one\n",
    )
    path.write_text(text)
    run("related", "--write", P + "base-story.md", cwd=room.root)
    assert path.read_text() == text.replace(
        "    - stale-one\n", "    - same-a\n    - same-b\n  suggested: [other-a, other-b]\n"
    )


def test_deterministic(room: Newsroom, run: Run) -> None:
    originals = {p: p.read_bytes() for p in (room.root / "articles").rglob("*.md")}
    run("related", "--write", cwd=room.root)
    first = {p: p.read_bytes() for p in originals}
    for path, content in originals.items():
        path.write_bytes(content)
    run("related", "--write", cwd=room.root)
    assert {p: p.read_bytes() for p in originals} == first


def test_usage(room: Newsroom, run: Run) -> None:
    assert run("related", cwd=room.root).returncode == 2
    missing = run("related", "no-such-story", cwd=room.root)
    assert missing.returncode == 2 and "no such article file or slug" in missing.stderr


def test_duplicates_by_text_and_by_source(room: Newsroom, run: Run) -> None:
    url = "https://www.example.org/same-a?utm_source=x"
    room.write(P + "repeat-story.md", story("repeat-story", CHIP_BODY, date="2026-03-06", url=url))
    result = run("related", "--duplicates", "--threshold", "0.99", cwd=room.root)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert f"{P}same-a.md  {P}repeat-story.md  (same source; text)" in lines[-1]
    assert result.stderr == f"{len(lines)} probable duplicate pair(s)\n"
    data = json.loads(run("related", "--duplicates", "--format", "json", cwd=room.root).stdout)
    assert {"first": f"{P}same-a.md", "second": f"{P}repeat-story.md"}.items() <= next(
        d for d in data if d["same_source"]
    ).items()


def _score(run: Run, room: Newsroom, slug: str, other: str) -> float:
    data = json.loads(run("related", slug, "--format", "json", cwd=room.root).stdout)
    return next(i["score"] for name in data for i in data[name] if i["slug"] == other)


def test_cache_follows_content_and_survives_damage(room: Newsroom, run: Run) -> None:
    import os

    from botbeat_cli.newsroom.docs import cache_names

    CACHE_NAME, TERMS_NAME = cache_names(["Summary", "Editorial Opinion"])  # the template's
    from botbeat_cli.store.cache import cache_dir, load_arrays

    before = _score(run, room, "base-story", "same-b")
    cached, terms = cache_dir(room.root) / CACHE_NAME, cache_dir(room.root) / TERMS_NAME
    assert cached.is_file() and len(json.loads(cached.read_text())) == 7
    assert len(load_arrays(room.root, TERMS_NAME)["digests"]) == 7
    # an edit changes the article's bytes, so it is read again: the score follows
    same_b = room.root / P / "same-b.md"
    same_b.write_text(same_b.read_text().replace(CHIP_BODY, LLM_BODY))
    after = _score(run, room, "base-story", "same-b")
    assert after > before
    cached.write_text("{not json")  # a damaged cache is ignored and rewritten
    assert _score(run, room, "base-story", "same-b") == after
    terms.write_bytes(b"PK\x03\x04 damaged")  # the term counts too
    assert _score(run, room, "base-story", "same-b") == after
    run("related", "--check", cwd=room.root)  # reads every article (not the snapshot)
    assert len(load_arrays(room.root, TERMS_NAME)["digests"]) == 7
    os.unlink(cached)  # safe to delete
    assert _score(run, room, "base-story", "same-b") == after
    run("related", "--check", cwd=room.root)
    assert len(json.loads(cached.read_text())) == 7


def test_progress_shows_on_a_terminal_only(room: Newsroom, run: Run) -> None:
    import os

    from tests.conftest import pty_run

    for index in range(60):
        room.article(f"bulk-{index}", date="2026-02-01")
    screen = pty_run(["related", "--write"], room.root, {**os.environ, "TERM": "xterm"})
    assert "computing related lists" in screen and "writing related lists" in screen
    piped = run("related", "--check", cwd=room.root)
    assert "computing" not in piped.stderr
    assert piped.stderr == "0 article(s) with stale related lists\n"


def test_term_store_reused_with_twin_files_and_a_hostile_one_ignored(room: Newsroom) -> None:
    """Two files with the same bytes share a cache entry and the store is still reused; a
    store whose word ids point outside its words is not trusted."""
    import os

    import numpy as np

    from botbeat_cli.newsroom.docs import cache_names, load_docs

    _, TERMS_NAME = cache_names(["Summary", "Editorial Opinion"])  # the template's
    from botbeat_cli.store.cache import cache_dir, load_arrays, save_arrays

    room.write("articles/2025/base-story.md", (room.root / P / "base-story.md").read_text())
    first, _ = load_docs(room.root)
    saved = cache_dir(room.root) / TERMS_NAME
    stamp = os.stat(saved).st_mtime_ns
    second, _ = load_docs(room.root)
    assert os.stat(saved).st_mtime_ns == stamp  # nothing changed: nothing rewritten
    assert [dict(d.terms) for d in second] == [dict(d.terms) for d in first]
    assert dict(second[0].terms) == dict(second[1].terms)  # the twins

    arrays = load_arrays(room.root, TERMS_NAME)
    arrays["ids"] = arrays["ids"] + np.int32(10_000)
    save_arrays(room.root, TERMS_NAME, arrays)
    again, _ = load_docs(room.root)
    assert [dict(d.terms) for d in again] == [dict(d.terms) for d in first]


def test_what_every_article_carries_by_format_is_not_text_similarity(
    newsroom: Newsroom, run: Run
) -> None:
    """Required headings, placeholders and a line every article carries (as Reuters' "the
    corpus carries no editorial opinion") never make two stories similar (issue 10)."""
    subjects = (
        "gpu chips wafer;model training tokens;privacy data leak;robot arm factory;"
        "election deepfake video;satellite launch orbit;vaccine trial results;quantum qubit "
        "error;battery lithium cell;drone delivery route;search ranking ads;translation "
        "speech model"
    ).split(";")
    for i, words in enumerate(subjects):
        slug = f"story-{i:02d}"
        text = story(slug, f"{words} {words}.", date=f"2026-03-{i + 1:02d}",
                     entity=("anthropic", "openai", "google")[i % 3])  # fmt: skip
        text = (
            text.replace(f"Story {sum(map(ord, slug))} On Story {i:02d}", words.title())
            .replace(f"First takeaway about {slug}.", f"{words}.")
            .replace(f"Second takeaway about {slug}.", f"{' '.join(reversed(words.split()))}.")
            .replace(f"Opinion text about {slug}.", "Archival wire: no opinion carried.\n\nTODO: x")
        )
        newsroom.write(P + f"{slug}.md", text)
    config = newsroom.root / "botbeat.yaml"
    config.write_text(config.read_text() + "related:\n  threshold: 0\n")  # every pick shown
    result = run("related", "story-11", "--format", "json", cwd=newsroom.root)
    assert result.returncode == 0, result.stderr
    picks = [p for picks in json.loads(result.stdout).values() for p in picks]
    assert len(picks) == 6  # they share topics, so there are picks to explain
    reasons = " ".join(p["reasons"] for p in picks)
    for word in ("summary", "editorial", "opinion", "archival", "wire", "carried", "todo"):
        assert f"'{word}'" not in reasons


def test_check_as_json(room: Newsroom, run: Run) -> None:
    """`--check --format json` printed text (issue 11): now the stale lists as JSON."""
    result = run("related", "--check", "--format", "json", cwd=room.root)
    assert result.returncode == 1
    stale = {item["path"]: item for item in json.loads(result.stdout)}
    base = stale[P + "base-story.md"]
    assert base["computed"]["more_from"] == ["same-a", "same-b"]
    assert base["stored"] == {"more_from": [], "suggested": []}


def test_an_editors_saves_during_write_all_survive(newsroom: Newsroom) -> None:
    """An editor keeps saving articles while `related --write` runs on 1,500: each save is
    on disk afterwards (botbeat skips and names a file changed since it read it)."""
    import os
    import random
    import subprocess
    import time

    from tests.conftest import botbeat_command

    words = ["model", "chip", "policy", "agent", "safety", "data", "vision", "speech"]
    for index in range(1500):
        body = " ".join(random.Random(index).choices(words, k=30))
        newsroom.write(f"{P}story-{index:04d}.md", story(f"story-{index:04d}", body))
    paths = sorted((newsroom.root / P).glob("*.md"))
    random.Random(7).shuffle(paths)
    saved: dict[Path, str] = {}
    process = subprocess.Popen([*botbeat_command(), "related", "--write"], cwd=newsroom.root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    deadline = time.monotonic() + 120
    for path in paths:
        if process.poll() is not None or time.monotonic() > deadline:
            break
        note = f"\nEditor's note on {path.stem}.\n"
        text = path.read_text()
        temp = path.with_name(f".{path.name}.editor")
        temp.write_text(text + note)
        os.replace(temp, path)  # as editors save: a new file renamed over the old
        saved[path] = note
        time.sleep(0.002)
    _, err = process.communicate(timeout=120)
    assert len(saved) > 50  # the saves overlapped the run
    lost = [path.name for path, note in saved.items() if note not in path.read_text()]
    assert lost == []
    assert process.returncode in (0, 1), err
    if process.returncode == 1:
        assert "not written: changed on disk since botbeat read it" in err
    # What the write remembered in the cache is what the files on disk now say.
    from botbeat_cli.newsroom.docs import load_docs

    def seen(root: Path, use_cache: bool) -> list[tuple[object, ...]]:
        docs, _ = load_docs(root, use_cache=use_cache)
        return [(d.path, d.digest, d.stored, dict(d.terms)) for d in docs]

    assert seen(newsroom.root, True) == seen(newsroom.root, False)


def test_a_file_that_does_not_parse_is_remembered_until_it_changes(room: Newsroom) -> None:
    """Its bytes' digest is cached as not parsing: the next run neither parses it nor
    rewrites the caches (a 60,000-key file cost every command its parse, every run)."""
    import os

    from botbeat_cli.newsroom.docs import cache_names, load_docs
    from botbeat_cli.store.cache import cache_dir, load

    names = cache_names(["Summary", "Editorial Opinion"])
    room.write(P + "broken-story.md", "---\ntitle: [unclosed\n---\n")
    docs, unreadable = load_docs(room.root)
    assert unreadable == [P + "broken-story.md"]
    assert list(load(room.root, names[0]).values()).count(None) == 1
    stamps = [os.stat(cache_dir(room.root) / name).st_mtime_ns for name in names]
    again, unreadable = load_docs(room.root)
    assert unreadable == [P + "broken-story.md"] and len(again) == len(docs)
    assert [os.stat(cache_dir(room.root) / name).st_mtime_ns for name in names] == stamps
    room.write(P + "broken-story.md", story("broken-story", "Now it parses."))
    fixed, unreadable = load_docs(room.root)
    assert unreadable == [] and len(fixed) == len(docs) + 1


def test_a_stored_row_without_its_entry_is_parsed_once_and_saved(room: Newsroom) -> None:
    """A cache whose term store lists a file its entries lack (a run stopped between the
    two saves, before entries were saved first) is mended by the next run (a line of the
    cache's journal), not parsed again on every run."""
    import json
    import os

    from botbeat_cli.newsroom.docs import cache_names, journal_name, load_docs
    from botbeat_cli.store.cache import cache_dir

    names = [cache_dir(room.root) / name for name in cache_names(["Summary", "Editorial Opinion"])]
    names.append(names[0].with_name(journal_name(names[0].name)))
    docs, _ = load_docs(room.root)
    entries = json.loads(names[0].read_text())
    del entries[docs[0].digest]
    names[0].write_text(json.dumps(entries))
    mended, _ = load_docs(room.root)
    (line,) = names[2].read_text().splitlines()
    assert json.loads(line)["add"] == docs[0].digest
    stamps = [os.stat(path).st_mtime_ns for path in names]
    again, _ = load_docs(room.root)
    assert [os.stat(path).st_mtime_ns for path in names] == stamps  # nothing parsed
    assert [d.title for d in again] == [d.title for d in mended] == [d.title for d in docs]


def test_one_unreadable_article_is_named_not_a_crash(room: Newsroom, run: Run) -> None:
    room.write(P + "broken-story.md", "---\ntitle: [unclosed\n---\n")
    for args in (("related", "broken-story"), ("tag", "suggest", "broken-story")):
        result = run(*args, cwd=room.root)
        assert result.returncode == 1, args
        assert result.stderr.startswith(P + "broken-story.md:3:1: error[yaml-syntax]"), args

    write = run("related", "--write", cwd=room.root)
    named = f"{P}broken-story.md: not written: cannot be read (line 3: "
    assert write.returncode == 1 and named in write.stderr and "Traceback" not in write.stderr
    assert "mend it and run again" in write.stderr
    assert re.search(r"^updated articles/", write.stdout, re.M)  # the others were written
    assert not re.search(r"^updated articles/broken-story", write.stdout, re.M)
    written = run("related", "--write", "--format", "json", cwd=room.root)
    assert written.returncode == 1
    assert [row["path"] for row in json.loads(written.stdout)["not_written"]] == [
        P + "broken-story.md"
    ]
    check = run("related", "--check", cwd=room.root)
    assert check.returncode == 1  # nothing stale, but one article could not be checked
    assert f"{P}broken-story.md: not checked: cannot be read (line 3: " in check.stderr
    room.write(P + "broken-story.md", story("broken-story", "Mended at last."))
    assert run("related", "--write", cwd=room.root).returncode == 0
    assert run("related", "--check", cwd=room.root).returncode == 0


def test_links_to_an_unreadable_article_are_kept(room: Newsroom, run: Run) -> None:
    assert run("related", "--write", cwd=room.root).returncode == 0
    base = room.root / P / "base-story.md"
    assert "same-a" in base.read_text()
    (room.root / P / "same-a.md").write_text("---\ntitle: [a broken merge\n---\n")
    assert run("related", "--write", cwd=room.root).returncode == 1  # same-a is named
    assert "same-a" in base.read_text()  # kept until the article reads again
    check = run("related", "--check", cwd=room.root)
    assert check.returncode == 1 and "same-a.md: not checked" in check.stderr
    assert "stale" not in check.stdout


def _topical(tmp_path: Path, count: int) -> tuple[Path, dict[str, set[str]]]:
    """bench/generate_topical.py's newsroom (short multi-topic stories whose words depend
    on their topics) with every other article's topics removed; and every article's true
    topics."""
    import sys

    sys.path.insert(0, str(PROJECT / "bench"))
    from generate_topical import generate_topical

    root = generate_topical(tmp_path / "topical", count)
    truth = {}
    for number, path in enumerate(sorted((root / "articles").rglob("*.md"))):
        text = path.read_text()
        listed = re.search(r"^topics: \[(.*)\]$", text, re.M)
        assert listed is not None
        truth[path.stem] = set(listed.group(1).split(", "))
        if number % 2:
            path.write_text(text.replace(listed.group(0), "topics: []"))
    return root, truth


def _picks(run: Run, root: Path, slug: str) -> list[tuple[str, str]]:
    """(slug, reasons) of each pick of `related SLUG`, in order."""
    result = run("related", slug, cwd=root)
    assert result.returncode == 0, result.stderr
    return re.findall(r"^ {8}([a-z0-9-]+): (.*)$", result.stdout, re.M)


def test_untagged_articles_get_the_latent_part_where_it_earns_it(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botbeat_cli import related

    root, truth = _topical(tmp_path, 600)
    untagged = [f"story-{n:05d}" for n in range(501, 600, 2)]  # late: older ones to pick

    def on_subject() -> tuple[int, int]:
        hits = total = 0
        for slug in untagged:
            for pick, reasons in _picks(run, root, slug):
                assert "; related vocabulary " in reasons, reasons  # named as evidence
                total += 1
                hits += bool(truth[slug] & truth[pick])
        return hits, total

    hits, total = on_subject()
    monkeypatch.setattr(related, "LATENT_SHARE", 0.0)  # the words' cosine alone
    words_hits, words_total = on_subject()
    assert total == words_total >= 60  # the threshold holds against the words alone
    assert hits > words_hits, (hits, words_hits, total)
    monkeypatch.undo()
    # a tagged article's text signal stays the words' cosine, its topics the evidence
    picks = _picks(run, root, "story-00500")
    assert picks and all("related vocabulary" not in reasons for _, reasons in picks)


def test_the_latent_part_is_left_out_where_the_tagged_articles_say_it_loses(
    newsroom: Newsroom, run: Run
) -> None:
    """Subjects whose words rarely meet (each story draws 6 of its subject's 400 words at
    random): the reduction has no co-occurrence to learn and blurs the subjects, and the
    newsroom's own tagged articles show it; every pick is then explained by words alone."""
    import random

    rng = random.Random(7)
    subjects = ["large-language-models", "ai-safety-alignment", "mlops-infrastructure"]
    filler = [f"filler{i}" for i in range(150)]
    for n in range(600):
        words = rng.sample([f"subject{n % 3}word{i}" for i in range(400)], 6)
        body = " ".join(words + rng.sample(filler, 14)) + "."
        topics = f"[{subjects[n % 3]}]" if n % 2 == 0 else "[]"
        entity = ("anthropic", "openai")[n // 2 % 2]
        newsroom.write(f"{P}story-{n:03d}.md", story(f"story-{n:03d}", body, topics=topics,
                                                     entity=entity))  # fmt: skip
    for slug in ("story-001", "story-003", "story-005"):
        picks = _picks(run, newsroom.root, slug)
        assert picks and all("related vocabulary" not in reasons for _, reasons in picks)


def test_the_latent_part_is_cached_by_content_and_a_damaged_cache_is_made_again(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm run reads the reduction's directions and the verdict from the cache: cached
    directions of zeros with the right key show as "related vocabulary 0.00". Damaged,
    they are made again (the first run's output); after `--write` they still hold, after
    an edit of an article they are fitted on their key no longer matches. (The full
    computation each time: the documents' snapshot keeps its own copy of the latent rows,
    tests/related/test_snapshot.py.)"""
    import numpy as np

    from botbeat_cli.related import LATENT_NAME
    from botbeat_cli.related import snapshot as related_snapshot
    from botbeat_cli.store.cache import cache_dir

    monkeypatch.setattr(related_snapshot, "explained", lambda *args: None)

    root, _ = _topical(tmp_path, 600)
    first = run("related", "story-00501", cwd=root).stdout
    cached = cache_dir(root) / LATENT_NAME
    with np.load(cached) as arrays:
        key, terms, found = arrays["key"], arrays["terms"], arrays["directions"]
    assert found.shape[1] == 100 and found.shape[0] == bytes(terms).count(b"\n") + 1
    assert "related vocabulary 0." in first
    assert run("related", "story-00501", cwd=root).stdout == first

    def planted() -> None:
        np.savez(cached.with_suffix(""), key=key, earns=np.asarray([True]), terms=terms,
                 directions=np.zeros_like(found))  # fmt: skip

    planted()
    zeros = run("related", "story-00501", cwd=root).stdout
    vocabulary = re.findall(r"related vocabulary (\S+)\)", zeros)
    assert vocabulary and set(vocabulary) == {"0.00"}, zeros
    cached.write_bytes(b"PK\x03\x04 not an archive")
    assert run("related", "story-00501", cwd=root).stdout == first
    planted()
    # The lists `--write` stores change every file here, and neither text nor topics:
    # the planted reduction is still the one used.
    assert run("related", "--write", cwd=root).returncode == 0
    written = run("related", "story-00501", cwd=root).stdout
    assert set(re.findall(r"related vocabulary (\S+)\)", written)) == {"0.00"}, written
    edited = root / "articles" / "2025" / "story-00002.md"
    edited.write_text(edited.read_text().replace("status: published", "status: draft"))
    again = run("related", "story-00501", cwd=root).stdout
    assert "related vocabulary 0.00)" not in again and "related vocabulary" in again


def test_what_write_stored_is_remembered_so_the_next_run_parses_nothing(
    room: Newsroom, run: Run
) -> None:
    """After `--write` the documents' cache holds the rewritten files' entries (their old
    entries with the written lists), so the next command reads and hashes them but parses
    none (the term store is not rebuilt); what it holds is what a parse without the cache
    gives, on files with a pinned list, slugs YAML 1.1 reads as numbers, a BOM and CRLF."""
    import os

    from botbeat_cli.newsroom.docs import Doc, cache_names, load_docs
    from botbeat_cli.store.cache import cache_dir

    room.write(P + "2024.md", story("2024", LLM_BODY, date="2026-03-06"))
    room.write(P + "0777.md", story("0777", LLM_BODY, date="2026-03-07", entity="openai"))
    pinned = story("pinned-story", LLM_BODY, date="2026-03-08").replace(
        "status: published\n", "status: published\nrelated:\n  pinned: [other-b]  # keep\n"
    )
    room.write(P + "pinned-story.md", pinned)
    room.write(P + "crlf-story.md", story("crlf-story", CHIP_BODY).replace("\n", "\r\n"))
    room.write(P + "bom-story.md", "\ufeff" + story("bom-story", LLM_BODY, date="2026-03-09"))
    assert run("related", "--write", cwd=room.root).returncode == 0
    names = [cache_dir(room.root) / name for name in cache_names(["Summary", "Editorial Opinion"])]
    stamps = [os.stat(path).st_mtime_ns for path in names]

    def seen(docs: list[Doc]) -> list[tuple[object, ...]]:
        fields = ("path", "title", "day", "entity", "status", "stored", "source", "digest")
        return [
            (*(getattr(d, name) for name in fields), list(d.topics), dict(d.terms)) for d in docs
        ]

    cached, _ = load_docs(room.root)
    assert [os.stat(path).st_mtime_ns for path in names] == stamps  # nothing parsed
    assert seen(cached) == seen(load_docs(room.root, use_cache=False)[0])
    assert any(d.stored.get("suggested") for d in cached if d.slug == "pinned-story")
    assert {"2024", "0777"} & {s for d in cached for s in d.stored.get("more_from", [])}
    assert run("related", "--check", cwd=room.root).returncode == 0


def test_blocks_shrink_in_a_large_newsroom_and_give_the_same_lists(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows per block fall as the newsroom grows (a block's arrays stay near BLOCK_CELLS
    cells), never under the products' split; lists written with blocks of 256 are current
    when scored in blocks of 32."""
    from datetime import UTC, datetime

    from botbeat_cli import related
    from botbeat_cli.config import load_config
    from botbeat_cli.newsroom.docs import load_docs
    from botbeat_cli.similarity import SPLIT_FROM_ROWS

    root, _ = _topical(tmp_path, 600)
    config = load_config(root)
    today = config.today(datetime.now(UTC))  # as the command's run
    engine = related.Engine(load_docs(root)[0], config, today)
    assert engine.block_rows() == related.BLOCK
    assert run("related", "--write", cwd=root).returncode == 0
    monkeypatch.setattr(related, "BLOCK_CELLS", 40 * 600)
    assert engine.block_rows() == 40
    monkeypatch.setattr(related, "BLOCK_CELLS", 600)
    assert engine.block_rows() == SPLIT_FROM_ROWS
    planned = related.plan(root, config, today, scored=True)  # not from the cache
    assert planned.engine and planned.engine.block_rows() == SPLIT_FROM_ROWS
    assert planned.changes == []


@pytest.mark.parametrize("include_newer", [False, True])
def test_lists_scored_against_older_articles_alone_are_the_lists_against_all(
    aged_topical: Path, monkeypatch: pytest.MonkeyPatch, include_newer: bool
) -> None:
    """`--write` and `--check` score each block of articles, taken by date, against the
    articles up to its newest date alone (`Engine.by_date`): the same lists as scoring
    against every article, with dates in no order of the paths, many on one day, drafts
    and an article dated after today; and on the workers' share of blocks by date."""
    import random
    from datetime import date

    from botbeat_cli import related
    from botbeat_cli.config import load_config
    from botbeat_cli.newsroom.docs import load_docs

    chooser = random.Random(5)
    for number, path in enumerate(sorted((aged_topical / "articles").rglob("*.md"))):
        text = path.read_text()
        day = date(2025, 1, 1).toordinal() + chooser.randrange(60)
        text = re.sub(r"^date: .*$", f"date: {date.fromordinal(day)}", text, count=1, flags=re.M)
        if number % 41 == 0:
            text = text.replace("status: published", "status: draft")
        if number == 7:
            text = re.sub(r"^date: .*$", "date: 2030-01-01", text, count=1, flags=re.M)
        path.write_text(text)
    config = load_config(aged_topical)
    if include_newer:
        settings = config.related.model_copy(update={"include_newer": True})
        config = config.model_copy(update={"related": settings})
    today = date(2026, 12, 7)
    docs = load_docs(aged_topical)[0]

    def against_all(engine: related.Engine) -> dict[int, tuple[list[str], list[str]]]:
        return {
            row: ([p.slug for p in lists.more_from], [p.slug for p in lists.suggested])
            for row, lists in engine.block_lists(range(len(docs)))
        }

    engine = related.Engine(docs, config, today)
    wanted = against_all(engine)
    assert sum(len(a) + len(b) for a, b in wanted.values()) > len(docs)  # real lists
    assert engine.slugs(range(len(docs))) == wanted  # in this process
    assert (engine._by_date is not None) != include_newer
    monkeypatch.setattr(related, "PARALLEL_FROM", 100)
    assert related.Engine(docs, config, today).slugs(range(len(docs))) == wanted  # forked
    assert against_all(engine) == wanted  # the index's column order changes no answer


def test_files_prepared_on_every_core_are_written_as_by_one_process(
    aged_topical: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`related --write` reads and edits its files on every core from
    PREPARE_PARALLEL_FROM files on: the same bytes written, and the same files named and
    left alone (one whose `related:` is a list, one turned into a FIFO after planning,
    both in the second worker's share)."""
    import os
    import shutil
    from datetime import date

    from botbeat_cli import related
    from botbeat_cli.config import load_config
    from botbeat_cli.store.newsroom import relative

    twin = tmp_path / "twin"
    shutil.copytree(aged_topical, twin)

    def written(root: Path, parallel_from: int) -> tuple[list[str], list[tuple[str, str]]]:
        paths = sorted((root / "articles").rglob("*.md"))
        listed = paths[400]
        listed.write_text(listed.read_text().replace("\n---", "\nrelated: [a, b]\n---", 1))
        config = load_config(root)
        planned = related.plan(root, config, date(2026, 12, 7))
        assert len(planned.changes) > 500
        paths[450].unlink()
        os.mkfifo(paths[450])
        with monkeypatch.context() as patch:
            patch.setattr(related, "PREPARE_PARALLEL_FROM", parallel_from)
            done = related.write(root, planned.changes, sections=config.rules.required_sections)
        return (
            [relative(root, p) for p in done.written],
            [(relative(root, p), why) for p, why in done.skipped],
        )

    alone = written(aged_topical, 10_000)
    shared = written(twin, 100)
    assert shared == alone
    assert [p for p, _ in alone[1]] == [
        relative(aged_topical, sorted((aged_topical / "articles").rglob("*.md"))[i])
        for i in (400, 450)
    ]
    for path in sorted((aged_topical / "articles").rglob("*.md")):
        if path.is_file():
            assert path.read_bytes() == (twin / path.relative_to(aged_topical)).read_bytes()


def test_a_stored_list_as_good_as_the_best_to_within_stable_is_kept(
    room: Newsroom, run: Run
) -> None:
    """A stored list whose picks score within STABLE of the best ones, place by place, is
    current: `--check` passes, `--write` leaves the file as it is, and `related ARTICLE`
    shows it; one that is worse is stale and replaced by the best. What keeps old
    articles' lists from churning when a new article moves the newsroom's statistics."""
    from botbeat_cli.related import STABLE

    twin = room.root / P / "same-a.md"
    titled = re.sub(r"^title: .*$", "title: Story Twin On Same", twin.read_text(), flags=re.M)
    twin.write_text(titled)
    room.write(P + "same-c.md", twin.read_text().replace("same-a", "same-c"))
    assert run("related", "--write", cwd=room.root).returncode == 0
    base = room.root / P / "base-story.md"
    best = "more_from: [same-a, same-c, same-b]"
    assert best in base.read_text()
    scores = {p["slug"]: p["score"] for p in _explained(run, room)["more_from"]}
    assert abs(scores["same-a"] - scores["same-c"]) < STABLE < scores["same-a"] - scores["same-b"]

    base.write_text(base.read_text().replace(best, "more_from: [same-c, same-a, same-b]"))
    kept = base.read_bytes()
    assert run("related", "--check", cwd=room.root).returncode == 0
    assert run("related", "--write", cwd=room.root).returncode == 0
    assert base.read_bytes() == kept
    assert [p["slug"] for p in _explained(run, room)["more_from"]] == ["same-c", "same-a", "same-b"]

    worse = base.read_text().replace("[same-c, same-a, same-b]", "[same-b, same-a, same-c]")
    base.write_text(worse)
    stale = run("related", "--check", cwd=room.root)
    assert stale.returncode == 1 and "more_from: same-b, same-a, same-c -> same-a" in stale.stdout
    assert run("related", "--write", cwd=room.root).returncode == 0
    assert best in base.read_text()


def _explained(run: Run, room: Newsroom) -> dict[str, list[dict[str, object]]]:
    result = run("related", "base-story", "--format", "json", cwd=room.root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_an_article_added_today_leaves_the_older_lists_as_they_were(
    aged_topical: Path, run: Run
) -> None:
    """600 short topical articles, half of them untagged (so their lists use the latent
    part): after `--write`, one article added today (a follow-up of an old one) changes no
    older article's lists. The latent basis is of the oldest articles
    (`similarity.fitted_on`), a stored list as good as the best to within STABLE stays,
    and one stored empty stays empty while no pick is clearly above the threshold
    (`Engine._kept`); before all three, about 250 older articles' files changed. The
    cache of the last computation (`related.remembered`) scores the new article alone:
    a full computation finds the same."""
    from datetime import date, timedelta

    from botbeat_cli import related
    from botbeat_cli.config import load_config

    assert run("related", "--write", cwd=aged_topical).returncode == 0
    paths = sorted((aged_topical / "articles").rglob("*.md"))
    before = {path: path.read_text() for path in paths}
    day = date.today() - timedelta(days=1)  # today in every time zone, after every other
    text = re.sub(r"^date: .*$", f"date: {day}", before[paths[37]], count=1, flags=re.M)
    text = re.sub(r"^(title: .*)$", r"\1, a follow-up", text, count=1, flags=re.M)
    (paths[0].parent / "follow-up.md").write_text(text)
    assert run("related", "--write", cwd=aged_topical).returncode == 0
    assert [path for path in paths if path.read_text() != before[path]] == []
    assert run("related", "--check", cwd=aged_topical).returncode == 0
    full = related.plan(aged_topical, load_config(aged_topical), date.today(), scored=True)
    assert full.engine is not None and full.changes == []


def test_a_pick_at_the_threshold_is_in_a_new_list_and_may_stay_out_of_a_stored_one(
    room: Newsroom, run: Run
) -> None:
    """With the threshold just under a pick's words' cosine (within STABLE), an article
    whose lists were never stored gets it; one whose list is stored without it, even
    empty, keeps that list (the pick may be in or out); a list never stored is not one
    stored empty."""
    from datetime import date

    import numpy as np

    from botbeat_cli.config import load_config
    from botbeat_cli.newsroom.docs import load_docs
    from botbeat_cli.related import STABLE, Engine

    engine = Engine(load_docs(room.root)[0], load_config(room.root), date(2026, 12, 7))
    signals = engine.scores(np.array([engine.row["base-story"]]))
    words = float(signals["evidence"][0, engine.row["same-a"]])  # what the threshold holds
    assert float(signals["evidence"][0, engine.row["same-b"]]) < words - STABLE
    config = room.root / "botbeat.yaml"
    config.write_text(config.read_text() + f"related:\n  threshold: {words - STABLE / 3}\n")
    base = room.root / P / "base-story.md"
    fresh = base.read_text()
    assert [p["slug"] for p in _explained(run, room)["more_from"]] == ["same-a"]
    assert run("related", "--write", cwd=room.root).returncode == 0
    assert "  more_from: [same-a]\n" in base.read_text()
    base.write_text(base.read_text().replace("more_from: [same-a]", "more_from: []"))
    kept = base.read_bytes()
    assert run("related", "--check", cwd=room.root).returncode == 0
    assert run("related", "--write", cwd=room.root).returncode == 0
    assert base.read_bytes() == kept
    base.write_text(fresh)  # no lists stored: computed afresh
    assert run("related", "--write", cwd=room.root).returncode == 0
    assert "  more_from: [same-a]\n" in base.read_text()


def test_the_latent_verdict_is_judged_on_the_articles_its_directions_are_fitted_on(
    aged_topical: Path,
) -> None:
    """The tagged articles that judge the latent part are those its directions are fitted
    on (the oldest 512 of 600), so the newest ones, however they change, change neither
    the sample nor the verdict."""
    from datetime import date

    from botbeat_cli import related
    from botbeat_cli.config import load_config
    from botbeat_cli.newsroom.docs import load_docs

    config = load_config(aged_topical)
    docs = load_docs(aged_topical)[0]
    engine = related.Engine(docs, config, date(2026, 12, 7))
    judging = engine._judging()
    fitted = set(engine.index.fit_rows.tolist())
    newest = sorted(range(len(docs)), key=lambda row: docs[row].day)[512:]
    assert len(fitted) == 512 and set(judging.tolist()) <= fitted
    assert any(docs[row].topics for row in newest)
    assert not set(judging.tolist()) & set(newest)
    verdict = engine._judge()
    others = [d.topics for d in docs if d.topics]
    last = set(newest)
    changed = [
        replace(d, topics=others[(row * 7) % len(others)]) if row in last else d
        for row, d in enumerate(docs)
    ]
    again = related.Engine(changed, config, date(2026, 12, 7))
    assert again._judging().tolist() == judging.tolist()
    assert again._judge() == verdict
