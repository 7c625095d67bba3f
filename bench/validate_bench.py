"""Benchmark `botbeat validate` against the alternatives, measured side by side in one run.

    python bench/validate_bench.py [--articles 10000] [--runs 5] [--reuters PATH]
    python bench/validate_bench.py --one-file-sizes 1000,10000,50000,100000 [--runs 5]

Needs the bench extra (`pip install -e '.[bench]'`). Prints, for each setting, the median
wall time and peak memory (largest single process, from wait4) of every contender over
--runs interleaved runs, and the median of the pair-by-pair ratios against the baseline.

Settings:
  whole newsroom   `botbeat validate` vs python-frontmatter + the same Pydantic model
                   (alternative_validate.py: no positions, no editorial rules): botbeat
                   with what it kept of its last run (nothing changed since), with one
                   article saved since (read again, the rules across articles run again)
                   and with an empty cache folder (every article read: a fresh machine)
  one file         `botbeat validate FILE` (a fresh process, as pre-commit runs it) vs
                   check-jsonschema on the same front matter saved as YAML (the pre-commit
                   peer), and a bare libyaml + Pydantic script (the floor); with nothing
                   changed, and just after an editor's save of the file (a new file renamed
                   over it, so its folder changed: what the hook meets on a commit)
on a generated N-article newsroom (bench/generate.py), a second one with other statistics
(bench/generate_alike.py: titles sharing most words, a long-tail vocabulary, short and long
articles, skewed entities and topics) and, if present, the Reuters newsroom.

--one-file-sizes: only the one-file setting (botbeat against check-jsonschema), on
generated newsrooms of each size, each with a cache folder of its own that its first run
fills: how the hook's cost grows with the newsroom.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from generate_alike import generate_alike  # noqa: E402
from spawn import as_installed, measured  # noqa: E402

REUTERS = HERE.parent.parent / "shared" / "corpora" / "reuters-21578" / "newsroom"


Command = Sequence[str] | Callable[[], Sequence[str]]  # a callable: made afresh for each run


def writable_copy(root: Path, to: Path) -> Path:
    """A copy of a newsroom that commands may write to (the Reuters corpus is read-only)."""
    shutil.copytree(root, to, copy_function=shutil.copyfile)
    for folder in [to, *(p for p in to.rglob("*") if p.is_dir())]:
        folder.chmod(0o755)
    return to


def on_three_shapes(
    description: str,
    bench: Callable[[str, Path, int, Path], None],
    runs: int = 5,
    writable: bool = False,
) -> None:
    """The `main` of a benchmark run on each shape of newsroom: `bench(label, root, runs,
    tmp)` on bench/generate.py's and bench/generate_alike.py's (`--articles` each) and, if
    present, Reuters (a `writable_copy` with `writable`; else the original, only read)."""
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="botbeat-bench-") as name:
        tmp = Path(name)
        bench("generated", generate(tmp / "generated", args.articles), args.runs, tmp)
        bench("alike", generate_alike(tmp / "alike", args.articles), args.runs, tmp)
        if not (args.reuters / "botbeat.yaml").is_file():
            print(f"\n(Reuters newsroom not found at {args.reuters}: skipped)")
            return
        reuters = writable_copy(args.reuters, tmp / "reuters") if writable else args.reuters
        bench("Reuters", reuters, args.runs, tmp)


def measure(command: Command, cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit status) of one fresh process, started by a
    small launcher so its peak is its own (`spawn`)."""
    return measured(command() if callable(command) else command, cwd)


def compare(
    title: str, contenders: dict[str, Command], cwd: Path, runs: int, baseline: str
) -> dict[str, dict[str, float]]:
    """Interleaved runs; ratios are taken run by run against the `baseline` contender."""
    names = list(contenders)
    walls: dict[str, list[float]] = {n: [] for n in names}
    peaks: dict[str, list[float]] = {n: [] for n in names}
    for name in names:  # warm the file cache and the interpreter's bytecode
        measure(contenders[name], cwd)
    for _ in range(runs):
        for name in names:
            wall, peak, _ = measure(contenders[name], cwd)
            walls[name].append(wall)
            peaks[name].append(peak)
    print(f"\n{title}")
    print(f"  {'contender':<38} {'median s':>9} {'peak MB':>8} {'ratio':>7}")
    results: dict[str, dict[str, float]] = {}
    for name in names:
        ratios = [a / b for a, b in zip(walls[name], walls[baseline], strict=True)]
        ratio = statistics.median(ratios)
        median = statistics.median(walls[name])
        peak = max(peaks[name])
        results[name] = {"seconds": median, "peak_mb": peak, "ratio": ratio}
        print(f"  {name:<38} {median:>9.3f} {peak:>8.1f} {ratio:>7.2f}")
    print(f"  (ratio: median of run-by-run wall-time ratios against '{baseline}')")
    return results


def one_file_inputs(root: Path, workdir: Path) -> tuple[Path, Path, Path]:
    """An article, its front matter as YAML, and the model's JSON schema."""
    from botbeat_cli.model.article import Article
    from botbeat_cli.store.newsroom import article_paths

    paths = article_paths(root)
    article = paths[len(paths) // 2]
    text = article.read_text(encoding="utf-8")
    front = text.split("---", 2)[1].lstrip("\n")
    yaml_file = workdir / "front-matter.yaml"
    yaml_file.write_text(front, encoding="utf-8")
    schema = Article.model_json_schema()
    schema_file = workdir / "article.schema.json"
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    return article, yaml_file, schema_file


def saved_then(path: Path, command: list[str]) -> Callable[[], list[str]]:
    """`command`, after an editor's save of `path` just before it: the same bytes through a
    new file renamed over it (as vim, emacs, JetBrains editors and git write), so its folder
    has changed, as it has when the hook runs on a commit."""

    def run() -> list[str]:
        temporary = path.with_name(f".{path.name}.saving")
        temporary.write_bytes(path.read_bytes())
        os.replace(temporary, path)
        return command

    return run


def bench_newsroom(label: str, root: Path, runs: int, workdir: Path) -> None:
    botbeat = shutil.which("botbeat") or "botbeat"
    python = sys.executable
    warm = workdir / f"cache-{root.name}"  # what validate kept of the last run

    kept = ["env", f"BOTBEAT_CACHE_DIR={warm}", botbeat, "validate"]

    def cold() -> list[str]:  # an empty cache folder: every article read and checked
        return ["env", f"BOTBEAT_CACHE_DIR={tempfile.mkdtemp(dir=workdir)}", botbeat, "validate"]

    edited = sorted((root / "articles").rglob("*.md"))[0]
    saves = iter(range(1, 10_000))

    def one_saved() -> list[str]:  # an editor's save: a new mtime (an hour old: not racy)
        when = time.time() - 3600 + next(saves)
        os.utime(edited, (when, when))
        return kept

    compare(
        f"[{label}] whole newsroom",
        {
            "botbeat validate (nothing changed)": kept,
            "python-frontmatter + Pydantic": [python, str(HERE / "alternative_validate.py"), "."],
            "botbeat validate (empty cache)": cold,
            "botbeat validate (one article saved)": one_saved,
        },
        root,
        runs,
        "python-frontmatter + Pydantic",
    )
    article, yaml_file, schema_file = one_file_inputs(root, workdir)
    bare = {"bare libyaml + Pydantic": [python, str(HERE / "bare_validate_one.py"), str(article)]}
    one = [botbeat, "validate", str(article.relative_to(root))]
    one_file(label, root, article, yaml_file, schema_file, one, runs, bare)


def one_file(
    label: str,
    root: Path,
    article: Path,
    yaml_file: Path,
    schema_file: Path,
    one: list[str],
    runs: int,
    extra: dict[str, Command],
) -> None:
    """`validate FILE` against check-jsonschema, twice: with nothing changed since the last
    run, and just after an editor's save of the file (its folder changed: the hook's case on
    a commit). Apart, because a run within seconds of a save lists the folder again too."""
    check_jsonschema = shutil.which("check-jsonschema") or "check-jsonschema"
    peer = [check_jsonschema, "--schemafile", str(schema_file), str(yaml_file)]
    where = f"{label}] one file, fresh process ({article.relative_to(root)})"
    contenders: dict[str, Command] = {"check-jsonschema": peer, "botbeat validate FILE": one}
    compare(f"[{where}, nothing changed", {**contenders, **extra}, root, runs, "check-jsonschema")
    contenders = {"check-jsonschema": peer, "botbeat validate FILE": saved_then(article, one)}
    compare(f"[{where}, just saved", contenders, root, runs, "check-jsonschema")


def bench_sizes(sizes: list[int], runs: int, workdir: Path) -> None:
    botbeat = shutil.which("botbeat") or "botbeat"
    for size in sizes:
        started = time.perf_counter()
        root = generate(workdir / f"generated-{size}", size)
        print(f"\ngenerated {size} articles in {time.perf_counter() - started:.1f} s")
        article, yaml_file, schema_file = one_file_inputs(root, workdir)
        cache = workdir / f"cache-{size}"
        rel = str(article.relative_to(root))
        one = ["env", f"BOTBEAT_CACHE_DIR={cache}", botbeat, "validate", rel]
        label = f"generated, {size} articles"
        one_file(label, root, article, yaml_file, schema_file, one, runs, {})
        shutil.rmtree(root)
        shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    as_installed()  # timed runs meet botbeat's bytecode, as an install has it
    parser = argparse.ArgumentParser(description="Benchmark botbeat validate.")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--one-file-sizes", help="comma-separated newsroom sizes")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="botbeat-bench-") as tmp:
        workdir = Path(tmp)
        if args.one_file_sizes:
            sizes = [int(size) for size in args.one_file_sizes.split(",")]
            return bench_sizes(sizes, args.runs, workdir)
        started = time.perf_counter()
        root = generate(workdir / "generated", args.articles)
        print(f"generated {args.articles} articles in {time.perf_counter() - started:.1f} s")
        bench_newsroom(f"generated, {args.articles} articles", root, args.runs, workdir)
        alike = generate_alike(workdir / "alike", args.articles)
        bench_newsroom(f"generated alike (shared title words, long tail, skewed), "
                       f"{args.articles} articles", alike, args.runs, workdir)  # fmt: skip
        if (args.reuters / "botbeat.yaml").is_file():
            count = sum(1 for _ in (args.reuters / "articles").rglob("*.md"))
            bench_newsroom(f"Reuters, {count} articles", args.reuters, args.runs, workdir)
        else:
            print(f"\n(no Reuters newsroom at {args.reuters}: skipped)")


if __name__ == "__main__":
    main()
