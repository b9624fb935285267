#!/usr/bin/env bash
# hack/envtest.sh: make sure a real kube-apiserver and etcd exist and print their directory.
#
# Uses $KUBEBUILDER_ASSETS when it already holds both binaries (e.g. from setup-envtest).
# Otherwise builds kube-apiserver once from Debian 12's own `kubernetes` source package
# (1.20.x) and pairs it with Debian's etcd, in a per-user cache. About 5 minutes on 2 cores.
#
# Why the reflect2 swap: the vendored modern-go/reflect2 v1.0.1 crashes under Go >= 1.18
# (SIGSEGV on the first custom-resource create); Debian packages 1.0.2.
set -euo pipefail

if [ -n "${KUBEBUILDER_ASSETS:-}" ] && [ -x "$KUBEBUILDER_ASSETS/kube-apiserver" ] && [ -x "$KUBEBUILDER_ASSETS/etcd" ]; then
  echo "$KUBEBUILDER_ASSETS"
  exit 0
fi

OUT="${MAILSERVER_ENVTEST_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mailserver-operator/envtest/debian-1.20}"
mkdir -p "$OUT"
if [ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/etcd" ]; then
  echo "$OUT"
  exit 0
fi

log() { echo "envtest: $*" >&2; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

if ! grep -rqs "^Types:.*deb-src\|^deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "enabling Debian source packages"
  $SUDO tee /etc/apt/sources.list.d/mailserver-operator-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
log "installing build dependencies"
$SUDO apt-get update -qq
$SUDO apt-get install -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends golang-go etcd-server rsync make \
  golang-github-modern-go-reflect2-dev dpkg-dev ca-certificates openssl >/dev/null

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
log "fetching Debian's kubernetes source package"
apt-get source --download-only kubernetes >/dev/null 2>&1
tar xzf kubernetes_*.orig.tar.gz
cd kubernetes-*/
rm -rf vendor/github.com/modern-go/reflect2
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 vendor/github.com/modern-go/reflect2
rm -f vendor/github.com/modern-go/reflect2/go.mod

export GOPATH="$PWD/.go" CGO_ENABLED=0 HOME="$WORK/home"
mkdir -p .go/src/k8s.io && ln -s ../../.. .go/src/k8s.io/kubernetes
log "building kube-apiserver (about 5 minutes)"
if ! make WHAT=cmd/kube-apiserver >"$WORK/build.log" 2>&1; then
  tail -30 "$WORK/build.log" >&2
  exit 1
fi
cp _output/bin/kube-apiserver "$OUT/kube-apiserver.tmp" && mv "$OUT/kube-apiserver.tmp" "$OUT/kube-apiserver"
ln -sf /usr/bin/etcd "$OUT/etcd"
log "built $("$OUT/kube-apiserver" --version) in $OUT"
echo "$OUT"
