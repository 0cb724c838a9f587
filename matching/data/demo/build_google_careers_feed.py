"""Build google-careers-2018.rss (the demo's second feed) from the "Google Job Skills" postings CSV.

Run from the project root with the workplace's shared data next to it:
    python matching/data/demo/build_google_careers_feed.py ../shared/data/postings/postings.csv
It takes the first 36 postings in technical categories with distinct titles, in file order, and
writes them as RSS 2.0 items titled "Google: <Title>" with the location as <region>.
"""

import csv
import sys
from email.utils import format_datetime
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

CATEGORIES = {"Software Engineering", "Technical Solutions", "Technical Infrastructure", "Data Center & Network",
              "IT & Data Management", "Developer Relations", "Hardware Engineering", "Product & Customer Support",
              "User Experience & Design", "Program Management"}
LIMIT = 36
OUT = Path(__file__).resolve().parent / "google-careers-2018.rss"


def build(csv_path):
    rows, seen = [], set()
    with open(csv_path, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if row["Category"] in CATEGORIES and row["Title"] not in seen:
                seen.add(row["Title"])
                rows.append((number, row))
            if len(rows) == LIMIT:
                break
    start = datetime(2018, 3, 1, 9, 0, tzinfo=UTC)
    items = []
    for index, (number, row) in enumerate(rows):
        description = (
            f"<p><strong>Category:</strong> {escape(row['Category'])}</p>"
            f"<h3>Responsibilities</h3><p>{escape(row['Responsibilities']).replace(chr(10), '<br>')}</p>"
            f"<h3>Minimum qualifications</h3><p>{escape(row['Minimum Qualifications']).replace(chr(10), '<br>')}</p>"
            f"<h3>Preferred qualifications</h3><p>{escape(row['Preferred Qualifications']).replace(chr(10), '<br>')}</p>"
        )
        items.append(
            "<item>"
            f"<title>{escape(row['Company'])}: {escape(row['Title'])}</title>"
            f"<region>{escape(row['Location'])}</region>"
            f"<category>{escape(row['Category'])}</category>"
            f"<guid isPermaLink=\"false\">google-job-skills-row-{number}</guid>"
            f"<pubDate>{format_datetime(start + timedelta(hours=7 * index))}</pubDate>"
            f"<description>{escape(description)}</description>"
            "</item>"
        )
    OUT.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>Google careers (2018 snapshot, Google Job Skills dataset)</title>"
        "<link>https://careers.google.com/</link><description>Demo feed built from a public dataset</description>"
        + "\n".join(items) + "</channel></rss>\n",
        encoding="utf-8",
    )
    return len(items)


if __name__ == "__main__":
    print(build(sys.argv[1]), "items written to", OUT)
