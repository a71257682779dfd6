#!/usr/bin/env bash
# Fuzz the front end and the data readers with cargo fuzz (libFuzzer, nightly):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Targets: parse (bytes → parser), check (text → loader, checker, tests), repl_line (one REPL entry → parser,
# Scope, interpreter), data (CSV/JSONL/XLSX bytes → Batch + rejects; rows in = rows out + rejected), program
# (grammar-based programs from `arbitrary`). Each runs on one core, niced, one after the other, from the
# corpus kept in tests/fuzz/<target>/ (seeded from tests/corpus, policies/ and examples/ on the first run);
# new inputs go to fuzz/corpus/<target>/, crashes to fuzz/artifacts/<target>/. At the end each corpus is
# minimised (`cargo fuzz cmin`) and copied to tests/fuzz/<target>/, which `cargo test` replays
# (crates/syntax/tests/fuzz.rs, crates/cli/tests/hostile.rs). Executions per target are printed last.
# A long campaign: `scripts/fuzz.sh 3600` (an hour per target), or run one target on several cores with
# `cd fuzz && cargo +nightly fuzz run check -- -jobs=N -workers=N`.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(parse check repl_line data program)
root=$(pwd)

seed() {
  local t=$1 dir=tests/fuzz/$1
  mkdir -p "$dir" "fuzz/corpus/$t"
  cp -n "$dir"/* "fuzz/corpus/$t/" 2>/dev/null || true
  if [ -z "$(ls -A "fuzz/corpus/$t")" ]; then
    case $t in
      parse|check) find tests/corpus policies -name '*.jz' -size -16k -exec cp -n {} "fuzz/corpus/$t/" \; ;;
      repl_line) printf '蒸吨 > 上限 且 预警 >= 黄色' > "fuzz/corpus/$t/expr"; printf '普通 { 蒸吨: 40 [t/h] }' > "fuzz/corpus/$t/record" ;;
      data) for f in examples/enterprises_small.csv examples/enterprises_small.jsonl examples/enterprises_small.xlsx; do
              case $f in *.csv) k='\x00';; *.jsonl) k='\x01';; *) k='\x02';; esac
              { printf "$k"; head -c 4096 "$f"; } > "fuzz/corpus/$t/$(basename "$f")"
            done ;;
      program) : ;;
    esac
  fi
}

cd "$root"
summary=()
for t in "${targets[@]}"; do
  seed "$t"
  log="fuzz/$t.log"
  echo "== $t: ${secs}s" >&2
  (cd fuzz && nice -n 19 cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
      -max_total_time="$secs" -max_len=8192 -timeout=20 -rss_limit_mb=4096 -jobs=1 -workers=1 \
      -print_final_stats=1) >"$log" 2>&1 || { echo "$t: FAILED, see $log and fuzz/artifacts/$t/" >&2; summary+=("$t: FAILED"); continue; }
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  summary+=("$t: ${runs:-?} executions, no crash")
  (cd fuzz && nice -n 19 cargo +nightly fuzz cmin -O "$t" "corpus/$t" -- -max_len=8192 >"$t.cmin.log" 2>&1) || true
  rm -rf "tests/fuzz/$t" && mkdir -p "tests/fuzz/$t" && cp "fuzz/corpus/$t"/* "tests/fuzz/$t/" 2>/dev/null || true
done
printf '%s\n' "${summary[@]}"
