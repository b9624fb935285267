# syntax=docker/dockerfile:1
# The operator image: docker build -t REGISTRY/mailserver-operator:TAG .
#
# No Docker engine runs in CI, so the integration test Deploy/ContainerImageTests executes this file without Docker
# (tests/.../Deploy/DockerfileEmulator: ARG, ENV, WORKDIR, COPY, shell-form RUN, USER, EXPOSE, exec-form ENTRYPOINT
# and CMD; anything else fails the test) and starts the ENTRYPOINT it produced. RUN steps reach absolute paths only
# through an ARG, which the emulation moves into its scratch directory.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG APP_DIR=/app
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORKDIR /src
# Restore from the project files alone: this layer is rebuilt only when a package or project reference changes.
# Every project the operator references must be copied here (the publish below does not restore).
COPY Directory.Build.props Directory.Packages.props ./
COPY src/MailServerOperator/MailServerOperator.csproj src/MailServerOperator/
COPY src/MailServerOperator.Probing/MailServerOperator.Probing.csproj src/MailServerOperator.Probing/
# For the RID and ReadyToRun compiler the publish uses (hack/publish.sh: ReadyToRun for this architecture).
COPY hack/publish.sh hack/
RUN dotnet restore src/MailServerOperator/MailServerOperator.csproj --runtime "$(bash hack/publish.sh RID)" -p:PublishReadyToRun=true
COPY . .
RUN bash hack/publish.sh "$APP_DIR" --no-restore

# Chiseled: no shell, no package manager, a non-root user; ASP.NET Core for the health and webhook endpoints.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app /app
# No diagnostics IPC socket in /tmp, and no HTTP_PORTS default (run binds the ports it is given): with both, the
# process writes nothing to disk, so it runs with a read-only root file system.
ENV DOTNET_EnableDiagnostics=0 ASPNETCORE_HTTP_PORTS=
# Workstation, non-concurrent GC (also in the project's runtimeconfig): measured by bench/e2e.sh (docs/benchmarks.md),
# Server GC cost more memory and CPU for no gain in a 256Mi, one-CPU pod.
ENV DOTNET_gcServer=0 DOTNET_gcConcurrent=0
# Tier-1 recompilation only for methods called 10,000 times, not 30: the ReadyToRun code is good enough for an operator
# that waits on the API server, and recompiling every method called 30 times was most of its JIT and a fifth of its CPU
# during its first 1,000 reconciles (bench/p1.sh, docs/benchmarks.md). An environment variable only: the runtime has no
# runtimeconfig.json knob for it (bench/e2e.sh reads it from here).
ENV DOTNET_TC_CallCountThreshold=10000
# $APP_UID is the images' numeric non-root user (1654), so Kubernetes can verify runAsNonRoot.
USER $APP_UID
# 8081: /healthz and /readyz; 9443: the admission webhook (HTTPS).
EXPOSE 8081 9443
ENTRYPOINT ["/app/mailserver-operator"]
CMD ["run"]
