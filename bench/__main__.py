"""Run benchmarks and write docs/BENCHMARKS.md: `python -m bench [names...] [--quick]`.

Each bench/bench_<name>.py exposes TITLE, DESCRIPTION and run(quick) -> rows with the keys
measure, n, median, p5, p95, unit, notes. Sections of modules not re-run are kept as they were.
"""

import argparse
import datetime
import importlib
import re
import sys
import traceback

from bench.common import ROOT, machine

OUTPUT = ROOT / "docs" / "BENCHMARKS.md"
SECTION = re.compile(r"<!-- bench:(?P<name>[a-z0-9_]+) start -->\n(?P<body>.*?)<!-- bench:(?P=name) end -->\n", re.S)
MACHINE = re.compile(r"<!-- machine start -->\n.*?<!-- machine end -->\n", re.S)

HOW_TO_RUN = """## How to run

```
make bench                                   # every benchmark, full size (DATABASE_URL/REDIS_URL from TEST_*)
.venv/bin/python -m bench background --quick # one module, small sizes
```

Benchmarks that need PostgreSQL create and migrate their own database (`BENCH_DATABASE_URL`, default: the
`DATABASE_URL` server with the database `jobly_bench`; `serving` uses `jobly_bench_serving`) and start their own web server and Celery worker
subprocesses. `median`, `p5` and `p95` are over `n` samples; a single aggregate has no spread (—).
Numbers compare commits on one machine; they are not service-level promises.
"""


def available():
    return sorted(path.stem.removeprefix("bench_") for path in (ROOT / "bench").glob("bench_*.py"))


def fmt(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def table(rows):
    lines = ["| measure | n | median | p5 | p95 | unit | notes |", "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for row in rows:
        cells = [row["measure"], row["n"], row["median"], row.get("p5"), row.get("p95"), row["unit"], row.get("notes", "")]
        lines.append("| " + " | ".join(fmt(cell).replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def section(name, module, rows, quick, host):
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    size = "quick" if quick else "full"
    body = f"## {module.TITLE} (`bench_{name}`)\n\n{module.DESCRIPTION}\n\n_Run {stamp}, {size} size, on {host}._\n\n{table(rows)}\n\n"
    return f"<!-- bench:{name} start -->\n{body}<!-- bench:{name} end -->\n"


def machine_section(info):
    lines = ["<!-- machine start -->", "## Machine (latest run)", "", "| | |", "| --- | --- |"]
    lines += [f"| {key} | {value} |" for key, value in info.items()]
    return "\n".join(lines) + "\n<!-- machine end -->\n"


def write(sections, info):
    existing = OUTPUT.read_text() if OUTPUT.exists() else ""
    kept = {match["name"]: match.group(0) for match in SECTION.finditer(existing)}
    kept.update(sections)
    # Hand-written notes after the last generated section (not a benchmark module's) are kept as they are.
    ends = list(re.finditer(r"<!-- bench:[a-z0-9_]+ end -->\n", existing))
    notes = existing[ends[-1].end():].strip("\n") if ends else ""
    parts = ["# Benchmarks\n", machine_section(info), HOW_TO_RUN]
    parts += [kept[name] for name in sorted(kept)]
    parts += [notes + "\n"] if notes else []
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(parts))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(available())})")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = parser.parse_args(argv)
    names = args.names or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}")
    info = machine()
    host = f"{info['CPU']}, {info['Cores']} cores"
    sections, failed = {}, []
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}: {module.TITLE}", flush=True)
        try:
            rows = module.run(args.quick)
        except Exception:
            traceback.print_exc()
            failed.append(name)
            continue
        print(table(rows), flush=True)
        sections[name] = section(name, module, rows, args.quick, host)
    write(sections, info)
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
