#!/usr/bin/env bash
# Checks the OCI archives scripts/build-image.sh wrote. Containers cannot be started on the
# machines this runs on, so the check reads each image's config (entrypoint, user, labels,
# environment), unpacks its layers and runs the binary from them: as user 65532, with the
# unpacked tree as a read-only root (chroot in a private mount namespace), it prints its
# version and lints the example platform. The `ci` image's shell runs it from PATH.
#
#   scripts/check-image.sh   (after scripts/build-image.sh; GG_IMAGE as for the build)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="${CARGO_TARGET_DIR:-$root/target}/image"
reference=$(scripts/build-image.sh --print-name)
version=${reference##*:}
# The budget the image is built to: 15 MB compressed.
max_bytes=15000000

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "check-image: $*" >&2
  exit 1
}

# Prints the config of the image in an OCI archive as JSON, and unpacks its
# layers, in order, into DIR.
unpack() {
  local archive=$1 dir=$2 layout=$work/layout
  rm -rf "$layout" && mkdir -p "$layout" "$dir"
  tar -xf "$archive" -C "$layout"
  python3 - "$layout" "$dir" <<'PY'
import json, pathlib, subprocess, sys
layout, rootfs = pathlib.Path(sys.argv[1]), sys.argv[2]
def blob(digest):
    algorithm, value = digest.split(":")
    return layout / "blobs" / algorithm / value
index = json.loads((layout / "index.json").read_text())
[descriptor] = index["manifests"]
manifest = json.loads(blob(descriptor["digest"]).read_text())
for layer in manifest["layers"]:
    assert layer["mediaType"].endswith("tar+gzip"), layer["mediaType"]
    subprocess.run(["tar", "-xzf", blob(layer["digest"]), "-C", rootfs, "--numeric-owner"], check=True)
config = json.loads(blob(manifest["config"]["digest"]).read_text())
print(json.dumps(config))
PY
}

# Asserts a field of the config JSON on stdin: `expect PYTHON-EXPRESSION VALUE`.
expect() {
  python3 -c 'import json, sys
config = json.load(sys.stdin)
actual = eval(sys.argv[1], {}, {"c": config})
expected = json.loads(sys.argv[2])
if actual != expected:
    sys.exit(f"{sys.argv[1]} is {actual!r}, expected {expected!r}")' "$1" "$2"
}

# `sh -c "$enter_root" sh ROOTFS COMMAND…` runs COMMAND inside ROOTFS as user 65532 with
# ROOTFS mounted read-only; under `unshare --mount` the mounts are private to it. Every step
# execs the next, so the command keeps the PID of the `unshare` that started it.
# shellcheck disable=SC2016 # expanded by the inner sh
enter_root='rootfs=$1; shift
mount --bind "$rootfs" "$rootfs" && mount -o remount,bind,ro "$rootfs" &&
  cd / && exec chroot --userspec=65532:65532 "$rootfs" "$@"'
run_in() {
  unshare --mount sh -c "$enter_root" sh "$@"
}

check() {
  local tag=$1 archive="$out/gitops-guard-$1.oci.tar"
  local rootfs="$work/rootfs-$tag"
  [ -f "$archive" ] || fail "$archive is missing: run scripts/build-image.sh first"
  local bytes
  bytes=$(stat -c %s "$archive")
  echo "${reference%:*}:$tag -> ${archive#"$root/"}: $bytes bytes compressed"
  [ "$bytes" -le "$max_bytes" ] || fail "$archive is $bytes bytes, over the budget of $max_bytes"

  local config
  config=$(unpack "$archive" "$rootfs")
  expect '[c["os"], c["architecture"]]' '["linux", "amd64"]' <<<"$config"
  expect 'c["config"]["Entrypoint"]' '["/usr/local/bin/gitops-guard"]' <<<"$config"
  expect 'c["config"]["User"]' '"65532:65532"' <<<"$config"
  expect 'c["config"]["WorkingDir"]' '"/work"' <<<"$config"
  local labels='c["config"]["Labels"]'
  expect "${labels}[\"org.opencontainers.image.version\"]" "\"$version\"" <<<"$config"
  expect "${labels}[\"org.opencontainers.image.revision\"].removesuffix(\"-dirty\")" \
    "\"$(git rev-parse HEAD)\"" <<<"$config"
  expect "${labels}[\"org.opencontainers.image.licenses\"]" '"Apache-2.0"' <<<"$config"
  expect "${labels}[\"org.opencontainers.image.source\"].startswith(\"https://\")" 'true' <<<"$config"
  expect "${labels}[\"org.opencontainers.image.title\"]" '"gitops-guard"' <<<"$config"
  expect '"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt" in c["config"]["Env"]' 'true' <<<"$config"
  local path=/usr/local/bin
  [ "$tag" = "$version" ] || path=/usr/local/bin:/bin
  expect "\"PATH=$path\" in c[\"config\"][\"Env\"]" 'true' <<<"$config"

  # Nothing but root owns anything, nothing but /tmp is writable by others.
  local writable
  writable=$(find "$rootfs" -mindepth 1 \( ! -uid 0 -o -perm -o+w \) ! -type l ! -path "$rootfs/tmp")
  [ -z "$writable" ] || fail "files not owned by root or writable by others: $writable"
  [ "$(stat -c %a "$rootfs/tmp")" = 1777 ] || fail "/tmp is not mode 1777"
  local certs
  certs=$(grep -c 'BEGIN CERTIFICATE' "$rootfs/etc/ssl/certs/ca-certificates.crt")
  [ "$certs" -ge 100 ] || fail "only $certs CA certificates"

  # The unpacked tree is the root: no libc, no /proc, read-only, user 65532.
  mkdir -p "$rootfs/work"
  cp -r fixtures/example "$rootfs/work/example"
  local said
  said=$(run_in "$rootfs" /usr/local/bin/gitops-guard --version)
  [ "$said" = "gitops-guard $version" ] || fail "--version said: $said"
  run_in "$rootfs" /usr/local/bin/gitops-guard lint /work/example --format json >"$work/lint.json" ||
    fail "lint of the example platform failed: $(cat "$work/lint.json")"
  expect '[[d["rule"] for d in c["diagnostics"]], c["summary"]["files"] >= 28]' \
    '[["platform-documents-lost", "workload-pull-secrets-dropped", "workload-pull-secrets-dropped"], true]' <"$work/lint.json"
  echo "  entrypoint, user 65532, labels, CA bundle ($certs certificates): ok"
  echo "  from the read-only unpacked root: $said; lint of the example: only platform-core's lost ReferenceGrants and search's pull secrets"
}

# TLS from the runtime image, as built for musl (rustls with ring, mimalloc): the webhook
# answers an AdmissionReview over TLS, and the Vault client verifies servers against the
# CA store SSL_CERT_FILE names (the image's bundle, here with a CA of this check added).
tls_check() {
  local rootfs="$work/rootfs-$version" port health server answer said
  read -r port health < <(python3 -c 'import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])')
  local tls="$rootfs/tls"
  mkdir -p "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
    -subj /CN=check-image-ca -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost \
    -keyout "$tls/tls.key" -out "$tls/tls.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n' \
    >"$tls/extensions"
  openssl x509 -req -in "$tls/tls.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
    -days 1 -extfile "$tls/extensions" -out "$tls/tls.crt" 2>/dev/null
  cat "$rootfs/etc/ssl/certs/ca-certificates.crt" "$tls/ca.crt" >"$tls/bundle.crt"
  chmod 0644 "$tls"/*

  unshare --mount sh -c "$enter_root" sh "$rootfs" \
    /usr/local/bin/gitops-guard serve --platform /work/example/gitops-config \
    --tls-cert /tls/tls.crt --tls-key /tls/tls.key \
    --listen "127.0.0.1:$port" --health-listen "127.0.0.1:$health" 2>"$work/serve.log" &
  server=$!
  for _ in $(seq 300); do
    curl -fsS "http://127.0.0.1:$health/readyz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || fail "serve stopped: $(cat "$work/serve.log")"
    sleep 0.1
  done
  answer=$(curl -fsS --cacert "$tls/ca.crt" -H 'Content-Type: application/json' \
    --data-binary @fixtures/admission/denied-deployment.json "https://127.0.0.1:$port/validate") ||
    answer="curl failed"
  # A Vault client in front of a server that is no Vault: it gets as far as TLS allows.
  vault_plan() {
    VAULT_ADDR="https://127.0.0.1:$port" VAULT_TOKEN=check "$@" \
      /usr/local/bin/gitops-guard vault plan --platform /work/example/gitops-config 2>&1 || true
  }
  local untrusted trusted
  untrusted=$(vault_plan run_in "$rootfs")
  trusted=$(SSL_CERT_FILE=/tls/bundle.crt vault_plan run_in "$rootfs")
  kill "$server"
  wait "$server" || true

  python3 -c 'import json, sys
request = json.load(open(sys.argv[1]))["request"]
response = json.loads(sys.argv[2])["response"]
assert response["uid"] == request["uid"] and response["allowed"] is False, response' \
    fixtures/admission/denied-deployment.json "$answer" 2>/dev/null ||
    fail "the webhook in the image answered: $answer; log: $(cat "$work/serve.log")"
  echo "  webhook from the image: TLS handshake, AdmissionReview denied as expected"
  grep -q UnknownIssuer <<<"$untrusted" || fail "vault plan trusted an unknown CA: $untrusted"
  if ! grep -q 'sys/mounts' <<<"$trusted" || grep -qi certificate <<<"$trusted"; then
    fail "vault plan did not trust the CA in SSL_CERT_FILE: $trusted"
  fi
  echo "  vault client from the image: verifies against SSL_CERT_FILE (unknown CA refused, added CA trusted)"
}

check "$version"
tls_check
check "$version-ci"
# The CI runner's way in: a shell from PATH, then the binary from PATH.
rootfs="$work/rootfs-$version-ci"
said=$(run_in "$rootfs" /bin/sh -c 'cd /work && PATH=/usr/local/bin:/bin gitops-guard lint example --format github; echo "exit $?"')
[ "$(tail -n1 <<<"$said")" = "exit 0" ] || fail "lint through the ci image's shell: $said"
echo "  ci image: /bin/sh runs gitops-guard from PATH: ok"
