#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), starting from the project's own seeds
# (fuzz/seeds/*, plus fuzz/seeds/TARGET/* for a target that has its own) and regression inputs.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer's instrumentation needs nightly flags;
# on a stable toolchain RUSTC_BOOTSTRAP=1 enables them. Crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(clean segment entities quotes pipeline gazetteer batch)
export RUSTC_BOOTSTRAP=1
failed=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  cp -n seeds/* regressions/* "corpus/$t/" 2>/dev/null || true
  if [ -d "seeds/$t" ]; then cp -n "seeds/$t"/* "corpus/$t/"; fi
  echo "== fuzz $t for ${secs}s"
  mkdir -p logs
  status=0
  cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -timeout=10 \
    -rss_limit_mb=4096 > "logs/$t.log" 2>&1 || status=$?
  grep -E "^(#[0-9]+ +DONE|==[0-9]+== ERROR|SUMMARY|thread .* panicked)|Done [0-9]+ runs" "logs/$t.log" | tail -n 3 || true
  echo "$t: exit $status, corpus/$t: $(ls "corpus/$t" | wc -l) inputs, log fuzz/logs/$t.log"
  [ "$status" -eq 0 ] || failed=1
done
exit $failed
