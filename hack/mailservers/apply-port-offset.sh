# Sourced after mailservers.env: MAILTEST_PORT_OFFSET (default 0) shifts every DOVECOT_*/EXIM_* port, so two checkouts can run
# their test mail servers side by side on one machine.
offset=${MAILTEST_PORT_OFFSET:-0}
if [ "$offset" != 0 ]; then
  for name in $(compgen -v | grep -E '^(DOVECOT|EXIM)_.*PORT$'); do
    printf -v "$name" '%s' "$(( ${!name} + offset ))"
  done
fi
unset offset name
