"""Every table in data/ and every column of it is documented in data/README.md."""

from __future__ import annotations

import csv
import re

import pytest

from helpers.corpus import DATA_DIR

README = (DATA_DIR / "README.md").read_text(encoding="utf-8")
TABLES = sorted(p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*.csv"))


@pytest.mark.parametrize("name", TABLES)
def test_table_and_columns_documented(name: str) -> None:
    heading = f"## `{name}`"
    assert heading in README, f"data/README.md has no section for {name}"
    section = README.split(heading, 1)[1].split("\n## ", 1)[0]
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    documented = set(re.findall(r"`([a-z_0-9]+)`", section))
    missing = [c for c in header if c not in documented]
    assert not missing, f"{name}: columns not documented in data/README.md: {missing}"
