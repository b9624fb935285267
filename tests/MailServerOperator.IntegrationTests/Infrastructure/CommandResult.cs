namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>How a command ended and what it printed.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The output, or a failure that shows the command, its exit code and both streams.</summary>
    public string EnsureSuccess() =>
        ExitCode == 0 ? StandardOutput : throw new InvalidOperationException(Describe());

    public string Describe() => $"`{Command}` exited with {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
