"""Write esco-skills.subset.csv: the rows of ESCO's skills.csv that build_vocabulary reads.

The build reads two kinds of row: ICT concepts (tools and programming languages, found by their
description sentence) and, for each seed skill, the first row whose text starts with the skill's
name or an alias (its ESCO URI). Keeping exactly those rows, in the original order, gives the same
vocabulary as the full 6 MB file. Re-run when seeds.yaml changes:
    .venv/bin/python tests/data/skills/subset_esco.py ../shared/data/skills-taxonomy/esco/skills.csv
"""

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from jobly.skills.build_vocabulary import ESCO_ICT_PATTERNS, load_seeds  # noqa: E402

OUTPUT = Path(__file__).resolve().parent / "esco-skills.subset.csv"


def first_matches(entries, rows):
    """Index of the first row matched by each seed term (as esco_uri_for scans them)."""
    wanted = set()
    for entry in entries:
        for term in [entry["name"], *entry["aliases"]]:
            if len(term) < 3:
                continue
            starts = re.compile(re.escape(term) + r"(?:\s|\(|$)", re.IGNORECASE)
            for position, row in enumerate(rows):
                if starts.match(row["description"]):
                    wanted.add(position)
                    break
    return wanted


def main(source):
    with open(source, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    entries, _, _ = load_seeds()
    keep = first_matches(entries, rows)
    keep |= {i for i, row in enumerate(rows) if any(p.search(row["description"]) for p, _ in ESCO_ICT_PATTERNS)}
    with open(OUTPUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows[i] for i in sorted(keep))
    print(f"{len(keep)} of {len(rows)} rows -> {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1])
