namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>A Dockerfile stage as <see cref="DockerfileEmulator"/> left it: its file system under <see cref="Root"/> and its image config.</summary>
internal sealed class EmulatedStage(string name, string root)
{
    public string Name { get; } = name;

    /// <summary>The host directory that stands for the stage's <c>/</c>.</summary>
    public string Root { get; } = root;

    public string WorkingDirectory { get; set; } = "/";

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Arguments { get; } = new(StringComparer.Ordinal);

    public string? User { get; set; }

    public IReadOnlyList<string> Entrypoint { get; set; } = [];

    public IReadOnlyList<string> Command { get; set; } = [];

    public List<int> ExposedPorts { get; } = [];

    /// <summary>Where the stage's <paramref name="containerPath"/> (absolute, or relative to the working directory) is on the host.</summary>
    public string HostPath(string containerPath) =>
        Path.Join(Root, ContainerPath(containerPath).TrimStart('/'));

    public string ContainerPath(string path) =>
        path.StartsWith('/') ? path : WorkingDirectory.TrimEnd('/') + "/" + path;
}
