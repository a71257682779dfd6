#!/usr/bin/env python3
"""Side by side: `jz run` and DuckDB computing the Hebei 企业 decisions over the same CSV, same run.

    pip install duckdb                      # once
    cargo build --release -p jz-cli -p jz-gen
    python3 scripts/bench/duckdb_vs_jz.py --rows 1000000 [--rows 10000000] [--repeat 3]

For each size it generates the contract rows with `jz-gen` (seed 2026; cached under target/bench-data), then
times, interleaved and `--repeat` times: `jz run` CSV → CSV, the same with `--explain`, `jz run` with the JSON
Lines file as input, and DuckDB running the query `jz sql` generates for the same policy and scenario (read the
CSV, compute, write a CSV; all cores). It prints the best time of each and the ratios from the same run, and jz's peak memory.

The check is loud: DuckDB's output must equal `jz run`'s row for row (same columns, same order), otherwise the
script prints the first differences and exits 1 — the comparison is always of the same decisions.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLICY = "policies/hebei/main.jz"
LEVELS = {"无": 0, "黄色": 1, "橙色": 2, "红色": 3}


def generate(gen: Path, rows: int, out: Path) -> None:
    if out.exists():
        return
    print(f"generating {rows} rows into {out} …", flush=True)
    tmp = out.with_suffix(out.suffix + ".part")
    fmt = "jsonl" if out.suffix == ".jsonl" else "csv"
    subprocess.run([str(gen), "enterprises", "--rows", str(rows), "--seed", "2026", "--format", fmt, "--out", str(tmp)],
                   check=True)
    tmp.rename(out)


def cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def run_jz(jz: Path, data: Path, out: Path, level: str, extra: list[str]) -> tuple[float, float, str]:
    cmd = [str(jz), "run", POLICY, "--record", "企业", "--data", str(data), "--out", str(out),
           "--set", f"预警级别={level}", *extra]
    t, c = time.perf_counter(), cpu(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    secs, cpu_secs = time.perf_counter() - t, cpu(resource.RUSAGE_CHILDREN) - c
    if p.returncode not in (0, 3):
        sys.exit(f"jz run failed ({p.returncode}):\n{p.stderr}")
    peak = "?"
    if "peak memory " in p.stderr:
        peak = p.stderr.split("peak memory ")[1].split(" ")[0]
    return secs, cpu_secs, peak


def run_duckdb(jz: Path, data: Path, out: Path, level: str) -> tuple[float, float]:
    import duckdb

    query = subprocess.run(
        [str(jz), "sql", POLICY, "--record", "企业", "--dialect", "duckdb", "--set", f"预警级别={level}",
         "--table", "jz_input", "--columns-from", str(data)],
        check=True, capture_output=True, text=True).stdout.strip().rstrip(";")
    query = "\n".join(l for l in query.splitlines() if not l.startswith("--"))
    con = duckdb.connect()
    # DuckDB 2.0 pushes the `WHERE 拒收原因 IS NULL` below into the query's layers of projections, expanding every
    # column the reason reads into its definition, layer after layer: at 10k rows it grew past 19 GB and never
    # finished (1.5 does not). The filter stays on top.
    con.execute("SET disabled_optimizers = 'filter_pushdown'")
    t, c = time.perf_counter(), cpu(resource.RUSAGE_SELF)
    con.execute(f"CREATE VIEW jz_input AS SELECT * FROM read_csv('{data}', header = true, all_varchar = true, "
                "quote = '\"', delim = ',')")
    con.execute(f"COPY (SELECT * EXCLUDE (\"拒收原因\") FROM ({query}) WHERE \"拒收原因\" IS NULL) "
                f"TO '{out}' (HEADER, DELIMITER ',')")
    secs, cpu_secs = time.perf_counter() - t, cpu(resource.RUSAGE_SELF) - c
    con.close()
    return secs, cpu_secs


def check(jz_out: Path, db_out: Path) -> None:
    with open(jz_out, encoding="utf-8") as a, open(db_out, encoding="utf-8") as b:
        diffs = []
        n = 0
        for n, (x, y) in enumerate(zip(a, b), start=1):
            if x != y:
                diffs.append((n, x.rstrip("\n"), y.rstrip("\n")))
                if len(diffs) >= 10:
                    break
        rest_a, rest_b = a.read(), b.read()
    if diffs or rest_a or rest_b:
        print("CHECK FAILED: DuckDB's decisions differ from jz run's", file=sys.stderr)
        for line, x, y in diffs:
            print(f"  line {line}\n    jz:     {x}\n    duckdb: {y}", file=sys.stderr)
        if rest_a or rest_b:
            print(f"  and the outputs have different lengths (after line {n})", file=sys.stderr)
        print("  the SQL is `jz sql`'s: a difference is a bug in jz sql or jz run", file=sys.stderr)
        sys.exit(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, action="append", help="data rows (repeatable; default 1000000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--level", default="橙色", choices=list(LEVELS))
    ap.add_argument("--target", default=os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")))
    args = ap.parse_args()
    target = Path(args.target)
    jz, gen = target / "release/jz", target / "release/jz-gen"
    for b in (jz, gen):
        if not b.exists():
            sys.exit(f"{b} is missing: cargo build --release -p jz-cli -p jz-gen")
    data_dir = target / "bench-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    print("best of --repeat runs, wall seconds (CPU seconds, user + system, all threads); ratios of the same run")
    print(f"{'rows':>10} {'jz csv':>13} {'explain':>13} {'jz jsonl':>13} {'duckdb':>13} {'jz/duckdb':>12} "
          f"{'explain/csv':>12} {'jsonl/csv':>12} {'peak MB':>8}")
    for rows in args.rows or [1_000_000]:
        csv, jsonl = data_dir / f"enterprises_{rows}.csv", data_dir / f"enterprises_{rows}.jsonl"
        generate(gen, rows, csv)
        generate(gen, rows, jsonl)
        outs = {k: data_dir / f"out_{k}.csv" for k in ("jz", "explain", "jsonl", "duckdb")}
        best = {k: (float("inf"), float("inf")) for k in outs}
        peak = "?"

        def keep(k: str, wall: float, cpu_secs: float) -> None:
            best[k] = (min(best[k][0], wall), min(best[k][1], cpu_secs))

        for _ in range(args.repeat):
            w, c, peak = run_jz(jz, csv, outs["jz"], args.level, [])
            keep("jz", w, c)
            w, c, _ = run_jz(jz, csv, outs["explain"], args.level, ["--explain"])
            keep("explain", w, c)
            w, c, _ = run_jz(jz, jsonl, outs["jsonl"], args.level, [])
            keep("jsonl", w, c)
            keep("duckdb", *run_duckdb(jz, csv, outs["duckdb"], args.level))
        check(outs["jz"], outs["duckdb"])
        check(outs["jz"], outs["jsonl"])

        def both(k: str) -> str:
            return f"{best[k][0]:.2f} ({best[k][1]:.2f})"

        def ratio(a: str, b: str) -> str:
            return f"{best[a][0] / best[b][0]:.2f} ({best[a][1] / best[b][1]:.2f})"

        print(f"{rows:>10} {both('jz'):>13} {both('explain'):>13} {both('jsonl'):>13} {both('duckdb'):>13} "
              f"{ratio('jz', 'duckdb'):>12} {ratio('explain', 'jz'):>12} {ratio('jsonl', 'jz'):>12} {peak:>8}",
              flush=True)
    print("check: DuckDB's decisions equal jz run's on every row; JSON Lines input gives the CSV's output")


if __name__ == "__main__":
    main()
