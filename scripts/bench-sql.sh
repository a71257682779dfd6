#!/usr/bin/env bash
# The SQL back end beside `jz run`, same file, same run: `jz run` (JIT) CSV → CSV, then the `jz sql` query on
# DuckDB (load excluded and included), PostgreSQL (in place: the query over a loaded table) and Spark SQL
# (local[2]). Prints seconds, rows/s and the ratio to `jz run`.
#
#   scripts/bench-sql.sh [ROWS]            # default 1,000,000; needs a release build, duckdb, pyspark, and
#                                          # PGHOST from `eval "$(scripts/pg-start.sh)"` (each engine skipped
#                                          # when it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
dir=${JZ_BENCH_DIR:-/tmp/jz-bench-sql}
mkdir -p "$dir"
cargo build --release -q -p jz-cli -p jz-gen
data="$dir/enterprises_$rows.csv"
[ -f "$data" ] || ./target/release/jz-gen enterprises --rows "$rows" --seed 1 --out "$data"
policy=policies/hebei/main.jz
sets=(--set 预警级别=橙色)
t0=$(date +%s.%N)
./target/release/jz run "$policy" --record 企业 --data "$data" "${sets[@]}" --out "$dir/jz.csv" --rejects "$dir/jz_rejects.csv" 2>/dev/null || [ $? = 3 ]
t1=$(date +%s.%N)
jz_secs=$(echo "$t1 - $t0" | bc -l)
printf '%-34s %8.2f s %12.0f rows/s\n' "jz run (JIT, CSV → CSV)" "$jz_secs" "$(echo "$rows / $jz_secs" | bc -l)"
run() { # engine dialect table label
  ./target/release/jz sql "$policy" --record 企业 --dialect "$2" --table "$3" --columns-from "$data" "${sets[@]}" > "$dir/q_$1.sql"
  t0=$(date +%s.%N)
  out=$(python3 scripts/run_sql.py "$1" "$dir/q_$1.sql" "$data" "$3" "$dir/out_$1.csv")
  t1=$(date +%s.%N)
  q=$(echo "$out" | sed -n 's/.*seconds \([0-9.]*\).*/\1/p')
  total=$(echo "$t1 - $t0" | bc -l)
  printf '%-34s %8.2f s %12.0f rows/s  (%.2f× jz run; with load and start-up %.2f s)\n' "$4" "$q" \
    "$(echo "$rows / $q" | bc -l)" "$(echo "$q / $jz_secs" | bc -l)" "$total"
}
if python3 -c "import duckdb" 2>/dev/null; then run duckdb duckdb 企业 "DuckDB (jz sql, query only)"; fi
# `jz run` on the engines end to end: the same output file as the JIT's, checked
whole() { # label args…
  local label=$1; shift
  t0=$(date +%s.%N)
  ./target/release/jz run "$policy" --record 企业 "${sets[@]}" "$@" --rejects "$dir/rj_x.csv" 2>/dev/null || [ $? = 3 ]
  t1=$(date +%s.%N)
  total=$(echo "$t1 - $t0" | bc -l)
  printf '%-34s %8.2f s %12.0f rows/s  (%.2f× jz run)\n' "$label" "$total" "$(echo "$rows / $total" | bc -l)" \
    "$(echo "$total / $jz_secs" | bc -l)"
}
if command -v duckdb >/dev/null; then
  whole "jz run --engine duckdb" --data "$data" --engine duckdb --out "$dir/jz_duckdb.csv"
  cmp -s "$dir/jz.csv" "$dir/jz_duckdb.csv" || { echo "jz run --engine duckdb: output differs from the JIT's" >&2; exit 1; }
fi
# the query over the loaded table first: it loads the CSV into 企业, which `jz run --db` then reads in place
if [ -n "${PGHOST:-}" ]; then run postgres postgres 企业 "PostgreSQL (jz sql, in place)"; fi
if [ -n "${PGHOST:-}" ]; then
  url="postgresql://${PGUSER:-postgres}@$(echo "$PGHOST" | sed 's|/|%2F|g'):${PGPORT:-5432}/${PGDATABASE:-postgres}"
  psql -q -c 'DROP TABLE IF EXISTS "企业_判定"' >/dev/null
  whole "jz run --db (PostgreSQL in place)" --db "$url" --table 企业 --out-table 企业_判定
fi
if python3 -c "import pyspark" 2>/dev/null; then run spark spark jz_input "Spark SQL local[2] (jz sql)"; fi
