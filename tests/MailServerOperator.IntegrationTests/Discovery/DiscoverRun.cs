namespace MailServerOperator.IntegrationTests.Discovery;

/// <summary>One run of <c>discover</c>: exit code, the manifest (stdout), the diagnostics (stderr) and its duration.</summary>
internal sealed record DiscoverRun(int Exit, string Output, string Error, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {Exit} after {Elapsed.TotalSeconds:F2} s\n--- stdout\n{Output}--- stderr\n{Error}";
}
