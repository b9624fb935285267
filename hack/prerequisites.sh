#!/usr/bin/env bash
# hack/prerequisites.sh: install what the tests and hack/run-local.sh need on Debian 12 (as root or with sudo; when
# everything is present it installs nothing, needs no privileges and takes well under a second):
# the mail servers the probes are tested against, kubectl, Lua, and the real control plane (hack/envtest.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
packages=(dovecot-core dovecot-pop3d dovecot-imapd dovecot-submissiond exim4-daemon-light dnsmasq-base openssl ca-certificates curl lua5.1 python3 clang)
command -v kubectl >/dev/null || packages+=(kubernetes-client)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null; then
    echo "prerequisites: missing ${missing[*]}: run this as root, or install them (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "prerequisites: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
hack/envtest.sh >/dev/null
echo "prerequisites: ok (control plane in $(hack/envtest.sh))"
