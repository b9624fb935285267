#!/usr/bin/env bash
# setup-exim.sh DIR : write a throw-away Exim 4.96 (exim4-daemon-light, Debian 12) submission instance into DIR.
#   EXIM_SMTP_PORT: SMTP + STARTTLS, AUTH PLAIN/LOGIN (also offered before TLS); EXIM_SMTPS_PORT: implicit TLS.
#   EXIM_NOTLS_PORT: no STARTTLS (AUTH offered in clear text); EXIM_NOAUTH_PORT: STARTTLS but no AUTH.
#   SIZE = MAILTEST_MAX_MESSAGE_SIZE; accepts mail only after AUTH and discards it (:blackhole:).
#   Logs every connection's end with its EHLO name and local port (closed by QUIT ... I=[127.0.0.1]:PORT).
# Exim accepts a -C file only when it is owned by root, then runs as Debian-exim: must be set up as root.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=mailservers.env
. "$HERE/mailservers.env"
. "$HERE/apply-port-offset.sh"
ROOT=${1:?usage: setup-exim.sh DIR}
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-exim.sh: Exim test instances need root (exim accepts -C files owned by root only)" >&2
  exit 1
fi
mkdir -p "$ROOT"/{spool,log}
ROOT=$(cd "$ROOT" && pwd)
openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$ROOT/server.key" -out "$ROOT/server.crt" 2>/dev/null
cat > "$ROOT/exim.conf" <<CONF
primary_hostname = mail.test
exim_user = Debian-exim
exim_group = Debian-exim
never_users = root
spool_directory = $ROOT/spool
log_file_path = $ROOT/log/%slog
local_interfaces = <; $MAILTEST_HOST
daemon_smtp_ports = $EXIM_SMTP_PORT : $EXIM_SMTPS_PORT : $EXIM_NOTLS_PORT : $EXIM_NOAUTH_PORT
tls_on_connect_ports = $EXIM_SMTPS_PORT
tls_advertise_hosts = \${if ={\$received_port}{$EXIM_NOTLS_PORT}{}{*}}
log_selector = +smtp_connection +incoming_interface
tls_certificate = $ROOT/server.crt
tls_privatekey = $ROOT/server.key
message_size_limit = $MAILTEST_MAX_MESSAGE_SIZE
auth_advertise_hosts = \${if ={\$received_port}{$EXIM_NOAUTH_PORT}{}{*}}
acl_smtp_rcpt = acl_check_rcpt

begin acl
acl_check_rcpt:
  accept authenticated = *
  deny   message = relay not permitted (authenticate first)

begin routers
discard_all:
  driver = redirect
  data = :blackhole:

begin transports

begin authenticators
plain_server:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and {{eq{\$auth2}{$MAILTEST_USER}}{eq{\$auth3}{$MAILTEST_PASSWORD}}}}
  server_set_id = \$auth2
login_server:
  driver = plaintext
  public_name = LOGIN
  server_prompts = <| Username: | Password:
  server_condition = \${if and {{eq{\$auth1}{$MAILTEST_USER}}{eq{\$auth2}{$MAILTEST_PASSWORD}}}}
  server_set_id = \$auth1
CONF
chown -R Debian-exim:Debian-exim "$ROOT"
chown root:root "$ROOT/exim.conf"; chmod 644 "$ROOT/exim.conf"
chmod 640 "$ROOT/server.key"
chmod 755 "$ROOT"
echo "$ROOT/exim.conf"
