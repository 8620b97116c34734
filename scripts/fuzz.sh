#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), starting from the project's own seeds.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer's instrumentation needs nightly flags;
# on a stable toolchain RUSTC_BOOTSTRAP=1 enables them. Crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(clean segment entities quotes pipeline gazetteer)
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  cp -n seeds/* "corpus/$t/" 2>/dev/null || true
  echo "== fuzz $t for ${secs}s"
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=4096 2>&1 | tail -n 4
  echo "corpus/$t: $(ls "corpus/$t" | wc -l) inputs"
done
