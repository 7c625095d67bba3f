"""Floor for one-file validation: libyaml + the Pydantic model, nothing else.

python bench/bare_validate_one.py FILE
"""

from __future__ import annotations

import sys

import yaml
from pydantic import BaseModel, ConfigDict


class Bare(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    date: object
    kind: str
    entity: str
    topics: list[str]
    takeaways: list[str]
    source: dict[str, str]
    status: str
    related: dict[str, list[str]] | None = None


with open(sys.argv[1], encoding="utf-8") as handle:
    text = handle.read()
Bare.model_validate(yaml.load(text.split("---\n")[1], Loader=yaml.CSafeLoader))
