namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>How a <see cref="ControlPlane"/> starts; the defaults suit a busy 2-core machine.</summary>
internal sealed record ControlPlaneOptions
{
    /// <summary>The binaries to run; <c>null</c> finds them the envtest way (see <see cref="ControlPlaneBinaries"/>).</summary>
    public ControlPlaneBinaries? Binaries { get; init; }

    /// <summary>How long etcd, and then kube-apiserver, may take to become ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a CRD may take to be Established, or a new namespace to be Active.</summary>
    public TimeSpan ResourceReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a process gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>More kube-apiserver flags (an audit policy, <c>--watch-cache=false</c>) for tests that inject faults.</summary>
    public IReadOnlyList<string> ExtraApiServerArguments { get; init; } = [];
}
