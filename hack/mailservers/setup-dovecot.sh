#!/usr/bin/env bash
# setup-dovecot.sh DIR [apop|noapop|notls] : write a throw-away Dovecot 2.3 (Debian 12) test instance into DIR.
#   apop   (default): POP3 + STLS, POP3S, IMAP + STARTTLS, IMAPS, submission + STARTTLS/AUTH/SIZE, submissions;
#                     auth mechanisms PLAIN LOGIN CRAM-MD5 APOP (the POP3 greeting carries an APOP timestamp).
#   noapop          : POP3 + STLS and POP3S only; PLAIN LOGIN (no APOP timestamp).
#   notls           : no TLS at all (no STLS, no STARTTLS) and CRAM-MD5 only, so IMAP announces LOGINDISABLED;
#                     POP3 and two IMAP ports, one per test (login lines carry lport=).
# Ports and accounts come from mailservers.env. Started as root: privilege-separated (maildirs owned by
# nobody); started as another user: rootless, every process runs as that user.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=mailservers.env
. "$HERE/mailservers.env"
. "$HERE/apply-port-offset.sh"
D=${1:?usage: setup-dovecot.sh DIR [apop|noapop|notls]}
VARIANT=${2:-apop}
mkdir -p "$D"/{certs,run,state,mail}
D=$(cd "$D" && pwd)

if [ ! -f "$D/certs/server.crt" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$D/certs/server.key" -out "$D/certs/server.crt" 2>/dev/null
fi

listener() { # name port [ssl]
  printf '  inet_listener %s {\n    port = %s\n' "$1" "$2"
  [ "${3:-}" = ssl ] && printf '    ssl = yes\n'
  printf '  }\n'
}

SSL=yes
case "$VARIANT" in
  apop)
    PROTOCOLS="pop3 imap submission"
    MECHANISMS="plain login cram-md5 apop"
    SERVICES=$(cat <<SERVICES
service pop3-login {
$(listener pop3 "$DOVECOT_POP3_PORT")
$(listener pop3s "$DOVECOT_POP3S_PORT" ssl)
}
service imap-login {
$(listener imap "$DOVECOT_IMAP_PORT")
$(listener imaps "$DOVECOT_IMAPS_PORT" ssl)
}
service submission-login {
$(listener submission "$DOVECOT_SUBMISSION_PORT")
$(listener submissions "$DOVECOT_SUBMISSIONS_PORT" ssl)
}
SERVICES
)
    ;;
  noapop)
    PROTOCOLS="pop3"
    MECHANISMS="plain login"
    SERVICES=$(cat <<SERVICES
service pop3-login {
$(listener pop3 "$DOVECOT_NOAPOP_POP3_PORT")
$(listener pop3s "$DOVECOT_NOAPOP_POP3S_PORT" ssl)
}
SERVICES
)
    ;;
  notls)
    PROTOCOLS="pop3 imap"
    MECHANISMS="cram-md5"
    SSL=no
    SERVICES=$(cat <<SERVICES
service pop3-login {
$(listener pop3 "$DOVECOT_NOTLS_POP3_PORT")
}
service imap-login {
$(listener imap "$DOVECOT_NOTLS_IMAP_PORT")
$(listener imap-logindisabled "$DOVECOT_NOTLS_IMAP_LOGINDISABLED_PORT")
}
SERVICES
)
    ;;
  *) echo "setup-dovecot.sh: unknown variant '$VARIANT'" >&2; exit 2 ;;
esac

if [ "$(id -u)" -eq 0 ]; then
  MAILUID=65534; MAILGID=65534
  USERBLOCK="# privilege-separated mode (started as root)"
else
  RUNUSER=$(id -un)
  MAILUID=$(id -u); MAILGID=$(id -g)
  USERBLOCK=$(cat <<ROOTLESS
# rootless mode: every process runs as $RUNUSER, no chroot
default_internal_user = $RUNUSER
default_internal_group = $(id -gn)
default_login_user = $RUNUSER
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service pop3-login {
  chroot =
}
service submission-login {
  chroot =
}
ROOTLESS
)
fi

# {PLAIN} passwords: APOP and CRAM-MD5 need the plaintext
cat > "$D/users" <<USERS
$MAILTEST_USER:{PLAIN}$MAILTEST_PASSWORD:::::
$MAILTEST_OTHER_USER:{PLAIN}$MAILTEST_OTHER_PASSWORD:::::
$MAILTEST_LOGGED_USER:{PLAIN}$MAILTEST_LOGGED_PASSWORD:::::
USERS

cat > "$D/dovecot.conf" <<CONF
# stand-alone Dovecot 2.3 test instance (does not include /etc/dovecot/conf.d)
instance_name = mailtest-$VARIANT-$$
base_dir = $D/run
state_dir = $D/state
listen = $MAILTEST_HOST
protocols = $PROTOCOLS
log_path = $D/dovecot.log
hostname = mail.test
login_greeting = Dovecot test ready.

ssl = $SSL
ssl_cert = <$D/certs/server.crt
ssl_key = <$D/certs/server.key
ssl_min_protocol = TLSv1.2
# USER/PASS, LOGIN and AUTH PLAIN also without TLS (tests only)
disable_plaintext_auth = no
# 'apop' makes pop3-login put an APOP <timestamp> in the greeting
auth_mechanisms = $MECHANISMS
# log every login as "(auth failed, N attempts ...)": the tests count the attempts
auth_verbose = yes
# the local port in every login line: a test that owns a port owns its lines
login_log_format_elements = user=<%u> method=%m rip=%r lip=%l lport=%{lport} mpid=%e %c session=<%{session}>
# fast failures for negative tests: no 2 s failure delay, no per-IP penalty (2->4->8->15 s)
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/users
}
userdb {
  driver = static
  args = uid=$MAILUID gid=$MAILGID home=$D/mail/%u
}
mail_location = maildir:~/Maildir
first_valid_uid = 1
pop3_uidl_format = %08Xu%08Xv

$SERVICES

# submission proxies transactions to a relay; EHLO/STARTTLS/AUTH/SIZE work without one
submission_relay_host = 127.0.0.1
submission_relay_port = 11025
# do not contact the relay before the first mail transaction
submission_backend_capabilities = 8BITMIME
# advertised in EHLO as 'SIZE $MAILTEST_MAX_MESSAGE_SIZE'
submission_max_mail_size = $MAILTEST_MAX_MESSAGE_SIZE

$USERBLOCK
CONF

# one message for the first user, so POP3 STAT > 0 and UIDL returns a line
for u in "$MAILTEST_USER" "$MAILTEST_OTHER_USER" "$MAILTEST_LOGGED_USER"; do mkdir -p "$D/mail/$u/Maildir"/{cur,new,tmp}; done
printf 'From: a@test\r\nTo: %s@test\r\nSubject: hello\r\nMessage-ID: <1@test>\r\n\r\nbody\r\n' "$MAILTEST_USER" \
  > "$D/mail/$MAILTEST_USER/Maildir/new/1700000000.M1P1.test"
chown -R "$MAILUID:$MAILGID" "$D/mail"
chmod 755 "$D"
echo "$D/dovecot.conf"
