#!/usr/bin/env bash
# Builds the browser preview into wasm/dist/ (gitignored; `gitops-guard preview` serves it):
#   1. the engine for wasm32-unknown-unknown (profile wasm-release: opt-level s, fat LTO),
#   2. wasm-bindgen (the CLI must be exactly the crate's version; installed when missing)
#      into wasm/pkg/ (gitignored): the JS glue that esbuild bundles and Node tests import,
#   3. wasm-opt -Oz --converge from npm `binaryen` (Debian's binaryen writes modules that crash at load),
#      straight into wasm/dist/, the only copy of the module the page ships,
#   4. the presets' first findings, linted by that module in Node (wasm/build/first-findings.mjs)
#      into wasm/pkg/first-findings.json: the page paints them before its engine has compiled,
#   5. esbuild: the page's script (app.js) and CodeMirror, loaded after the first paint
#      (editor.js), plus index.html, CSS and the service worker.
# Prints the raw and gzip sizes of the module and of each script. Idempotent; re-run after any change.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
wasm_dir="$root/wasm"
dist="$wasm_dir/dist"
pkg="$wasm_dir/pkg"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
bindgen_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)

step() { printf '\n==> %s\n' "$*"; }

step "tools"
rustup target list --installed | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$bindgen_version" ]; then
  # --locked fails for this version (its lock file names a yanked webpki-roots).
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi
lock_stamp="$wasm_dir/node_modules/.package-lock.sha256"
lock_sum=$(sha256sum "$wasm_dir/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$wasm_dir/node_modules" ] || [ "$(cat "$lock_stamp" 2>/dev/null)" != "$lock_sum" ]; then
  (cd "$wasm_dir" && npm ci --no-audit --no-fund)
  echo "$lock_sum" >"$lock_stamp"
fi

step "cargo build (wasm32-unknown-unknown, profile wasm-release)"
cargo build --locked -p gg-wasm --target wasm32-unknown-unknown --profile wasm-release
raw="$target_dir/wasm32-unknown-unknown/wasm-release/gg_wasm.wasm"

step "wasm-bindgen $bindgen_version"
rm -rf "$dist" "$pkg"
mkdir -p "$dist"
wasm-bindgen --target web --out-dir "$pkg" "$raw"

step "wasm-opt -Oz --converge"
module="$dist/gg_wasm_bg.wasm"
before=$(stat -c %s "$pkg/gg_wasm_bg.wasm")
# --converge repeats -Oz while the module shrinks (about 1 KB gzip, half a minute); the
# producers and target-features sections are for tools, not for browsers.
(cd "$wasm_dir" && npx --no-install wasm-opt -Oz --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$pkg/gg_wasm_bg.wasm" -o "$module")
rm "$pkg/gg_wasm_bg.wasm" # the unoptimised module: nothing loads it

step "first findings (the presets linted by the module)"
(cd "$wasm_dir" && npx --no-install esbuild build/first-findings.mjs --bundle --platform=node --format=esm \
  --loader:.yaml=text --log-level=warning --outfile="$pkg/first-findings.bundle.mjs")
node "$pkg/first-findings.bundle.mjs" "$module" >"$pkg/first-findings.json"
rm "$pkg/first-findings.bundle.mjs"

step "page (esbuild)"
# Two scripts, each bundled whole: the page (app.js), and CodeMirror with the key completion
# (editor.js), which app.js imports once the first findings are painted. The service worker
# lists both for the offline copy.
esbuild() { (cd "$wasm_dir" && npx --no-install esbuild --bundle --format=esm --minify \
  --loader:.yaml=text --loader:.md=text --log-level=warning "$@"); }
esbuild www/main.js --external:./editor.js --outfile="$dist/app.js"
esbuild www/editor.js --outfile="$dist/editor.js"
cp "$wasm_dir/www/index.html" "$wasm_dir/www/style.css" "$wasm_dir/www/sw.js" "$dist/"

after=$(stat -c %s "$module")
gz=$(gzip -9 -c "$module" | wc -c)
step "sizes"
printf 'module      %8d bytes after wasm-bindgen, %8d after wasm-opt, %8d gzip\n' "$before" "$after" "$gz"
json="\"wasm_bytes\": $after, \"wasm_gzip_bytes\": $gz"
app=0 app_gz=0
for script in app.js editor.js; do
  bytes=$(stat -c %s "$dist/$script")
  bytes_gz=$(gzip -9 -c "$dist/$script" | wc -c)
  printf '%-11s %8d bytes, %8d gzip\n' "$script" "$bytes" "$bytes_gz"
  json="$json, \"${script%.js}_bytes\": $bytes, \"${script%.js}_gzip_bytes\": $bytes_gz"
  app=$((app + bytes)) app_gz=$((app_gz + bytes_gz))
done
printf 'scripts     %8d bytes, %8d gzip in all\n' "$app" "$app_gz"
printf '%s\n' "{$json, \"scripts_bytes\": $app, \"scripts_gzip_bytes\": $app_gz}" >"$dist/sizes.json"
echo "built $dist (serve it with: gitops-guard preview)"
