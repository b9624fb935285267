# syntax=docker/dockerfile:1
# The operator image: docker build -t REGISTRY/mailserver-operator:TAG .
#
# No Docker engine runs in CI, so the integration test Deploy/ContainerImageTests executes this file without Docker
# (tests/.../Deploy/DockerfileEmulator: ARG, ENV, WORKDIR, COPY, shell-form RUN, USER, EXPOSE, exec-form ENTRYPOINT
# and CMD; anything else fails the test) and starts the ENTRYPOINT it produced. RUN steps reach absolute paths only
# through an ARG, which the emulation moves into its scratch directory.

# The -aot SDK image carries clang and the linker NativeAOT needs.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot AS build
ARG APP_DIR=/app
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORKDIR /src
# Restore from the project files alone: this layer is rebuilt only when a package or project reference changes.
# Every project the operator references must be copied here (the publish below does not restore).
COPY Directory.Build.props Directory.Packages.props ./
COPY src/MailServerOperator/MailServerOperator.csproj src/MailServerOperator/
COPY src/MailServerOperator.Probing/MailServerOperator.Probing.csproj src/MailServerOperator.Probing/
# For the RID and the NativeAOT compiler package the publish uses (hack/publish.sh: NativeAOT for this architecture).
COPY hack/publish.sh hack/
RUN dotnet restore src/MailServerOperator/MailServerOperator.csproj --runtime "$(bash hack/publish.sh RID)" -p:PublishAot=true
COPY . .
RUN bash hack/publish.sh "$APP_DIR" --no-restore

# One native executable (NativeAOT): no .NET runtime, so the base is runtime-deps (glibc, OpenSSL, CA certificates).
# Chiseled: no shell, no package manager, a non-root user.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app /app
# No diagnostics IPC socket in /tmp, and no HTTP_PORTS default (run binds the ports it is given): with both, the
# process writes nothing to disk, so it runs with a read-only root file system. The GC settings (Workstation,
# non-concurrent, the gen0 budget cap) are compiled into the executable from the project (docs/benchmarks.md).
ENV DOTNET_EnableDiagnostics=0 ASPNETCORE_HTTP_PORTS=
# $APP_UID is the images' numeric non-root user (1654), so Kubernetes can verify runAsNonRoot.
USER $APP_UID
# 8081: /healthz and /readyz; 9443: the admission webhook (HTTPS).
EXPOSE 8081 9443
ENTRYPOINT ["/app/mailserver-operator"]
CMD ["run"]
