namespace MailServerOperator.Kubernetes;

/// <summary>Who this operator instance is: the pod name in a cluster, host name and process id elsewhere.</summary>
internal sealed record OperatorIdentity(string Name)
{
    public static OperatorIdentity FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : $"{Environment.MachineName}-{Environment.ProcessId}");
}
