#!/usr/bin/env bash
# ensure-packages.sh dovecot|exim : install Debian's Dovecot or Exim when its binary is missing.
# CI runs on a fresh Debian 12 as root; elsewhere a missing binary is an error, never a silent skip.
set -euo pipefail
case "${1:?usage: ensure-packages.sh dovecot|exim}" in
  dovecot) binary=dovecot; packages=(dovecot-core dovecot-pop3d dovecot-imapd dovecot-submissiond) ;;
  exim) binary=exim; packages=(exim4-daemon-light) ;;
  *) echo "ensure-packages.sh: unknown server '$1'" >&2; exit 2 ;;
esac
command -v "$binary" >/dev/null 2>&1 && exit 0
PATH="$PATH:/usr/sbin:/sbin"
command -v "$binary" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-packages.sh: '$binary' is not installed; run as root or: apt-get install ${packages[*]}" >&2
  exit 1
fi
echo "ensure-packages.sh: installing ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" openssl >&2
command -v "$binary" >/dev/null 2>&1
