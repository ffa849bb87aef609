#!/usr/bin/env bash
# Builds the gitops-guard container images without any registry base image:
#
#   1. a static x86_64-unknown-linux-musl binary (cargo profile `image`),
#   2. the build context target/image/context/: the binary, the build machine's CA
#      certificates (Debian's ca-certificates) and, for the `ci` target, a static busybox
#      (Debian's busybox-static),
#   3. both targets of ./Containerfile with buildah (vfs storage, no daemon), pushed into
#      OCI archives:
#        target/image/gitops-guard-VERSION.oci.tar      IMAGE:VERSION     (runtime)
#        target/image/gitops-guard-VERSION-ci.oci.tar   IMAGE:VERSION-ci  (with /bin/sh)
#
# IMAGE is $GG_IMAGE, default registry.gitlab.com/acme-shop/platform/gitops-guard, the name
# deploy/ and integrations/ use. Installs what is missing (buildah, musl-tools, busybox-static,
# ca-certificates with apt; the musl target with rustup). Builds are reproducible: file times
# and the creation date are the commit's.
#
#   scripts/build-image.sh               build, then print the archives and their sizes
#   scripts/build-image.sh --print-name  print IMAGE:VERSION and exit
#   scripts/check-image.sh               check what was built (the test command runs both)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

metadata=$(cargo metadata --no-deps --format-version 1 --locked)
field() {
  python3 -c 'import json,sys
pkg = next(p for p in json.load(sys.stdin)["packages"] if p["name"] == "gitops-guard")
print(pkg[sys.argv[1]] or "")' "$1" <<<"$metadata"
}
version=$(field version)
image="${GG_IMAGE:-registry.gitlab.com/acme-shop/platform/gitops-guard}"

if [ "${1:-}" = "--print-name" ]; then
  echo "$image:$version"
  exit 0
fi

out="${CARGO_TARGET_DIR:-$root/target}/image"
target=x86_64-unknown-linux-musl
seconds() { date +%s.%N; }
took() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$1" "$(seconds)"; }

missing=()
command -v buildah >/dev/null || missing+=(buildah)
command -v musl-gcc >/dev/null || missing+=(musl-tools)
dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
[ -s /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
rustup target list --installed | grep -qx "$target" || rustup target add "$target"

# The static binary. mimalloc's C sources and ring's are compiled by musl-gcc.
start=$(seconds)
CC_x86_64_unknown_linux_musl=musl-gcc \
  cargo build --locked -p gitops-guard --target "$target" --profile image
binary="${CARGO_TARGET_DIR:-$root/target}/$target/image/gitops-guard"
echo "binary: $(stat -c %s "$binary") bytes, built in $(took "$start")"

# The build context: exactly what the image holds.
context="$out/context"
rm -rf "$context"
install -D -m 0755 "$binary" "$context/rootfs/usr/local/bin/gitops-guard"
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$context/rootfs/etc/ssl/certs/ca-certificates.crt"
install -d -m 1777 "$context/rootfs/tmp"
install -D -m 0755 /bin/busybox "$context/ci/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -s busybox "$context/ci/bin/$applet"
done

revision=$(git rev-parse HEAD)
git diff --quiet HEAD -- && git diff --cached --quiet || revision="$revision-dirty"
epoch=$(git log -1 --format=%ct)
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)

# Private vfs storage under target/: no daemon, no root-wide state, nothing left behind.
storage="$out/storage"
buildah_() { buildah --root "$storage/root" --runroot "$storage/run" --storage-driver vfs "$@"; }
rm -rf "$storage"
start=$(seconds)
for variant in runtime ci; do
  tag="$version"
  [ "$variant" = runtime ] || tag="$version-$variant"
  buildah_ bud --quiet --layers=false --target "$variant" --timestamp "$epoch" \
    --build-arg VERSION="$version" --build-arg REVISION="$revision" \
    --build-arg CREATED="$created" --build-arg SOURCE="$(field repository)" \
    --build-arg LICENSES="$(field license)" \
    -f Containerfile -t "$image:$tag" "$context" >/dev/null
  archive="$out/gitops-guard-$tag.oci.tar"
  rm -f "$archive"
  buildah_ push --quiet --compression-format gzip "$image:$tag" "oci-archive:$archive:$image:$tag"
  echo "$image:$tag -> ${archive#"$root/"} ($(stat -c %s "$archive") bytes)"
done
rm -rf "$storage"
echo "images built in $(took "$start")"
