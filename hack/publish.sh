#!/usr/bin/env bash
# hack/publish.sh OUT [DOTNET-PUBLISH-ARGS...]: publish the operator (src/MailServerOperator) into OUT, exactly as the
# container image has it. The Dockerfile adds --no-restore: its restore layer must already hold every package.
#
# The Dockerfile's build stage RUNs this script, and the integration test Deploy/ContainerImageTests runs the
# Dockerfile's build stage (the same COPY and RUN steps, without Docker) and starts the result, so the image build
# cannot rot unnoticed on a machine without a Docker engine.
#
# NativeAOT: one self-contained native executable, no .NET runtime in the image, no JIT. Against the JIT + ReadyToRun
# build it replaced, with 1,000 servers: RSS 130 -> 57 MiB, start -> ready 1.28 -> 0.29 s (bench/cache.sh,
# docs/benchmarks.md). KubernetesClient.Aot, source-generated System.Text.Json and YamlDotNet's parser (no reflection
# serializer) make it trimmable; the build treats every trim or AOT warning as an error. It needs clang
# (hack/prerequisites.sh) and costs about 300 CPU-seconds and 3 GB of memory. InvariantGlobalization is on
# (Directory.Build.props), so no ICU. The project sets how the executable is laid out (MailServerOperator.csproj).
# A restore for the publish needs the same RID and PublishAot: `RID` prints the RID (the Dockerfile's restore uses it).
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
  -p:PublishAot=true \
  -p:StripSymbols=true \
  -p:PublishDocumentationFile=false \
  -p:PublishReferencesDocumentationFiles=false \
  -p:SatelliteResourceLanguages=en \
  -p:IsTransformWebConfigDisabled=true \
  "$@"
# StripSymbols leaves the symbols beside the executable; the image carries the executable alone.
rm -f "$out"/*.dbg "$out"/*.pdb
test -x "$out/mailserver-operator"
