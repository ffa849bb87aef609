#!/usr/bin/env bash
# Installs the SARIF Multitool the SARIF test validates our reports with into
# .tools/sarif-multitool/Sarif.Multitool and prints its path. The self-contained Linux build of
# Microsoft's SARIF SDK 5.7.0 ships in the npm package @microsoft/sarif-multitool-linux@5.7.0;
# only its executable is kept, and its sha256 is checked, so a changed package fails instead of
# validating with an unknown tool. Idempotent: a verified executable is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/.tools/sarif-multitool"
tool="$dir/Sarif.Multitool"
package='@microsoft/sarif-multitool-linux@5.7.0'
want='7eb1ad4dafe036e978464d55a9fed12b7cbb094639fc0ecd9fcd2a2ac84dfe80'

verified() { [ -x "$tool" ] && [ "$(sha256sum "$tool" | cut -d' ' -f1)" = "$want" ]; }

if ! verified; then
  command -v npm >/dev/null || { echo "install-sarif-multitool: npm is needed (apt-get install nodejs npm)" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/Sarif.Multitool
  mkdir -p "$dir"
  mv "$work/package/Sarif.Multitool" "$tool.partial"
  chmod +x "$tool.partial"
  got=$(sha256sum "$tool.partial" | cut -d' ' -f1)
  if [ "$got" != "$want" ]; then
    rm -f "$tool.partial"
    echo "install-sarif-multitool: $package holds a Sarif.Multitool with sha256 $got, expected $want" >&2
    exit 1
  fi
  mv "$tool.partial" "$tool"
fi
echo "$tool"
