#!/usr/bin/env bash
# hack/test.sh: build warning-free, check formatting, run every test (unit + integration against a real
# kube-apiserver/etcd and real Dovecot/Exim) and print one line: `tests: N passed, N failed, N skipped`.
# It first runs hack/prerequisites.sh (Dovecot, Exim, kubectl, Lua, the control-plane binaries): idempotent, and
# well under a second when everything is already there.
set -uo pipefail
cd "$(dirname "$0")/.."

bash hack/prerequisites.sh >&2 || { echo "hack/test.sh: prerequisites are missing and could not be installed (see above)" >&2; exit 1; }
KUBEBUILDER_ASSETS="$(hack/envtest.sh)" || { echo "hack/test.sh: no control-plane binaries" >&2; exit 1; }
export KUBEBUILDER_ASSETS

# No tiered PGO for the .NET processes of the run (MSBuild, csc, dotnet format, the test hosts and what they start; the
# operator has it off in its runtimeconfig already): it instruments hot methods and compiles them a third time, which pays
# off only in a long-running process. These all end within minutes: the build costs 20-25% less CPU without it, the unit
# tests 25-35% (measured with cpuacct on this 2-core machine), and the run is CPU-bound.
export DOTNET_TieredPGO=0

# dotnet format's style and analyzer passes find nothing the build below has not already failed on (EnforceCodeStyleInBuild,
# -warnaserror, and format's default severity is warning); its whitespace pass needs no compilation, so it reads the files
# directly, beside the build (which leaves a core idle for part of its time).
dotnet format whitespace --folder --verify-no-changes --exclude '**/bin/**' '**/obj/**' &
format=$!
dotnet build MailServerOperator.sln -c Release -warnaserror -nologo -v quiet || { wait "$format"; exit 1; }
wait "$format" || { echo "hack/test.sh: run 'dotnet format MailServerOperator.sln'" >&2; exit 1; }

log=$(mktemp)
# -m:1: the unit and the integration assemblies one after the other, so that neither slows the other's timing-sensitive
# start (control planes, mail servers); within the integration assembly, xunit.runner.json limits the parallelism.
dotnet test MailServerOperator.sln -c Release --no-build --nologo -m:1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test assembly: "Passed!  - Failed:     0, Passed:    25, Skipped:     0, ..."
read -r passed failed skipped assemblies < <(awk '
  /(Passed|Failed)! +- Failed: / {
    gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
    n++
  }
  END { print p+0, f+0, s+0, n+0 }' "$log")
rm -f "$log"
if [ "$assemblies" -lt 2 ] && [ "$status" -eq 0 ]; then
  echo "hack/test.sh: expected results from the unit and the integration test assemblies, got $assemblies" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
