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
# `cd fuzz && cargo +nightly fuzz run $FLAGS check -- -jobs=N -workers=N` (FLAGS as below).
#
# Build flags, and why: `-s none --no-trace-compares` (FUZZ_FLAGS overrides them).
# - No sanitizer: every target runs safe Rust only (the parser, checker, interpreter and data readers; the
#   JIT, the one crate with `unsafe`, is not reachable from these targets), where AddressSanitizer can find
#   nothing the Rust bounds checks and libFuzzer's crash/timeout/RSS detection do not, and it made each
#   execution 2–3× slower. Overflow checks stay on (fuzz/Cargo.toml, profile.release), so arithmetic overflow
#   is a crash. For the data target, whose dependencies (calamine, encoding_rs, memchr) do use `unsafe`,
#   `FUZZ_FLAGS="-s address" scripts/fuzz.sh 600 data` runs it under ASan.
# - No comparison tracing: under `-s none` the `__sanitizer_cov_trace_cmp*` hooks took ~45% of each
#   execution, almost all of it on pest's bookkeeping (position and stack-limit checks), not on values an
#   input could steer; the keywords reach the fuzzer through jingzhun.dict (`-dict`) and string comparisons
#   through libFuzzer's memcmp interception, which stays on.
# Measured (niced, shared 2-core machine; parse target on its corpus): 120 exec/s with ASan and the old
# grammar, 328/s without ASan, see ARCHITECTURE.md (Fuzzing) for the figures after these flags.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(parse check repl_line data program)
root=$(pwd)
read -r -a flags <<< "${FUZZ_FLAGS:--s none --no-trace-compares}"
# a 1 GiB main-thread stack, so each input runs on libFuzzer's thread (jz_fuzz::on_big_stack falls back to a
# worker thread, two context switches per input, when the limit cannot be raised)
ulimit -s 1048576 2>/dev/null || echo "fuzz.sh: cannot raise the stack limit; inputs run on a worker thread" >&2

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
  dict=()
  case $t in parse|check|repl_line) dict=(-dict=jingzhun.dict) ;; esac
  (cd fuzz && nice -n 19 cargo +nightly fuzz run -O "${flags[@]}" "$t" "corpus/$t" -- "${dict[@]}" \
      -max_total_time="$secs" -max_len=8192 -timeout=20 -rss_limit_mb=4096 \
      -print_final_stats=1) >"$log" 2>&1 || { echo "$t: FAILED, see $log and fuzz/artifacts/$t/" >&2; summary+=("$t: FAILED"); continue; }
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  summary+=("$t: ${runs:-?} executions, no crash")
  (cd fuzz && nice -n 19 cargo +nightly fuzz cmin -O "${flags[@]}" "$t" "corpus/$t" -- -max_len=8192 >"$t.cmin.log" 2>&1) || true
  rm -rf "tests/fuzz/$t" && mkdir -p "tests/fuzz/$t" && cp "fuzz/corpus/$t"/* "tests/fuzz/$t/" 2>/dev/null || true
done
printf '%s\n' "${summary[@]}"
