#!/usr/bin/env bash
# Runs every fuzz target (or those named) one after another for FUZZ_SECONDS each (default 60), at low CPU
# priority, after seeding the corpora. Logs: fuzz/target/logs/<target>.log; crashes, hangs and out-of-memory
# inputs: fuzz/artifacts/<target>/. Exits non-zero when a target finds one.
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`). Builds once, then runs the
# binaries directly, so edits made to the tree while fuzzing cannot break a run. Built without a sanitizer
# (the core forbids `unsafe`, so AddressSanitizer finds nothing there and costs ~3x the speed) but with debug
# assertions and overflow checks, so an arithmetic overflow is a crash too.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(policy_parse scenario_parse wildcard_match condition_eval scenario_check share_inflate)
triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
build=(cargo +nightly fuzz build --sanitizer none --debug-assertions)

./seed.sh >/dev/null
mkdir -p target/logs
if ! nice -n 19 "${build[@]}" >target/logs/build.log 2>&1; then
  tail -20 target/logs/build.log >&2
  exit 2
fi

failed=0
for target in "${targets[@]}"; do
  log=target/logs/$target.log
  mkdir -p "artifacts/$target"
  # -timeout: one input taking longer than 10 s is a finding (a hang), not a slow run.
  if nice -n 19 "target/$triple/release/$target" -artifact_prefix="artifacts/$target/" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      "corpus/$target" >"$log" 2>&1; then
    status=ok
  else
    status=FOUND
    failed=1
  fi
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  corpus=$(find "corpus/$target" -type f | wc -l)
  printf '%-16s %-6s %12s execs %8s execs/s %7s corpus  (fuzz/%s)\n' \
    "$target" "$status" "$execs" "$rate" "$corpus" "$log"
done
exit $failed
