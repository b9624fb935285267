# bench/lib.sh, sourced by the bench scripts that drive the E2E program on a control plane of their own:
# bench_control_plane NAME builds the E2E program, starts a local control plane in a temporary $WORK (stopped and
# removed on exit; a script that starts more defines bench_cleanup), exports KUBECONFIG, installs the CRD and logs the
# machine's load, so every benchmark's output says what it ran beside.
E2E="bench/MailServerOperator.E2E/bin/Release/net10.0/MailServerOperator.E2E.dll"

bench_control_plane() {
  dotnet build bench/MailServerOperator.E2E -c Release -nologo -v quiet >&2
  KUBEBUILDER_ASSETS=$(hack/envtest.sh)
  export KUBEBUILDER_ASSETS
  WORK=$(mktemp -d)
  trap bench_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  KUBECONFIG=$(hack/control-plane.sh start "$WORK/control-plane")
  export KUBECONFIG
  kubectl apply --server-side --field-manager=bench -f crds/mailshare.io_mailservers.yaml >/dev/null
  kubectl wait --for condition=established --timeout=60s -f crds/mailshare.io_mailservers.yaml >/dev/null
  echo "$1: machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

bench_exit() {
  if declare -F bench_cleanup >/dev/null; then bench_cleanup || true; fi
  hack/control-plane.sh stop "$WORK/control-plane" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
