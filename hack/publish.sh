#!/usr/bin/env bash
# hack/publish.sh OUT [DOTNET-PUBLISH-ARGS...]: publish the operator (src/MailServerOperator) into OUT, exactly as the
# container image has it. The Dockerfile adds --no-restore: its restore layer must already hold every package.
#
# The Dockerfile's build stage RUNs this script, and the integration test Deploy/ContainerImageTests runs the
# Dockerfile's build stage (the same COPY and RUN steps, without Docker) and starts the result, so the image build
# cannot rot unnoticed on a machine without a Docker engine.
#
# Framework-dependent (the runtime image carries ASP.NET Core): KubernetesClient and YamlDotNet serialize by
# reflection, which trimming and native AOT would break, and the shared framework layer is cached by every node that
# runs .NET images anyway. InvariantGlobalization is on (Directory.Build.props), so no ICU is needed.
# ReadyToRun (precompiled code for this machine's architecture, linux-x64 or linux-arm64): start -> ready with 1,000
# servers went from 1.97x to 1.28x the floor's start -> synced, and half as many methods are compiled at run time
# (bench/startup.sh, docs/benchmarks.md). A restore for the publish needs the same RID and PublishReadyToRun: `RID`
# prints it (the Dockerfile's restore step uses that).
rid() { case "$(uname -m)" in aarch64 | arm64) echo linux-arm64 ;; *) echo linux-x64 ;; esac; }
if [ "${1:-}" = RID ]; then rid; exit 0; fi
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: hack/publish.sh OUT [DOTNET-PUBLISH-ARGS...] | hack/publish.sh RID" >&2; exit 2; }
out=$1
shift
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet publish src/MailServerOperator/MailServerOperator.csproj \
  --configuration Release \
  --output "$out" \
  --nologo \
  --runtime "$(rid)" \
  --self-contained false \
  -p:PublishReadyToRun=true \
  -p:UseAppHost=true \
  -p:PublishDocumentationFile=false \
  -p:PublishReferencesDocumentationFiles=false \
  -p:SatelliteResourceLanguages=en \
  -p:IsTransformWebConfigDisabled=true \
  -p:DebugType=embedded \
  "$@"
test -x "$out/mailserver-operator"
