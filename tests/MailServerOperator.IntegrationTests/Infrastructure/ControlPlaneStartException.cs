namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>The control plane did not become ready; the message carries the tail of each process's log.</summary>
internal sealed class ControlPlaneStartException : Exception
{
    public ControlPlaneStartException()
    {
    }

    public ControlPlaneStartException(string message)
        : base(message)
    {
    }

    public ControlPlaneStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ControlPlaneStartException(string message, string directory, bool isPortConflict, Exception? innerException = null)
        : base(message, innerException)
    {
        Directory = directory;
        IsPortConflict = isPortConflict;
    }

    /// <summary>Where the logs are kept for inspection.</summary>
    public string? Directory { get; }

    /// <summary>A port chosen as free was taken before the process bound it; a retry with new ports may succeed.</summary>
    public bool IsPortConflict { get; }
}
