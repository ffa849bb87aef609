#!/usr/bin/env bash
# Builds the Kubewarden policy module (kubewarden/) into
# target/kubewarden/gitops-guard-policy.wasm (what `kwctl push` publishes):
#   1. the policy for wasm32-wasip1 (profile wasm-release: opt-level s, fat LTO),
#   2. wasm-opt -Oz from npm `binaryen` (wasm/node_modules, as scripts/build-wasm.sh).
# Prints the sizes and fails when the optimised module is over 1.5 MB.
# Prints the module's path last (tests read it from GG_POLICY_WASM).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir="${CARGO_TARGET_DIR:-$root/target}"
limit=1500000

rustup target list --installed | grep -qx wasm32-wasip1 || rustup target add wasm32-wasip1 >&2
lock_stamp="wasm/node_modules/.package-lock.sha256"
if [ ! -d wasm/node_modules ] || [ "$(cat "$lock_stamp" 2>/dev/null)" != "$(sha256sum wasm/package-lock.json | cut -d' ' -f1)" ]; then
  (cd wasm && npm ci --no-audit --no-fund >&2)
  sha256sum wasm/package-lock.json | cut -d' ' -f1 >"$lock_stamp"
fi

cargo build --locked -p gg-kubewarden --bin gitops-guard-policy --target wasm32-wasip1 \
  --profile wasm-release >&2
raw="$target_dir/wasm32-wasip1/wasm-release/gitops-guard-policy.wasm"
out_dir="$target_dir/kubewarden"
module="$out_dir/gitops-guard-policy.wasm"
mkdir -p "$out_dir"
(cd wasm && npx --no-install wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$raw" -o "$module")

before=$(stat -c %s "$raw")
after=$(stat -c %s "$module")
gz=$(gzip -9 -c "$module" | wc -c)
printf 'policy module %8d bytes built, %8d after wasm-opt -Oz, %8d gzip\n' "$before" "$after" "$gz" >&2
if [ "$after" -gt "$limit" ]; then
  echo "the policy module is $after bytes, over the $limit-byte limit" >&2
  exit 1
fi
echo "$module"
