namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>
/// <see cref="LeaderFencingTests"/> on a <see cref="FaultControlPlane"/> of its own: its lease expiries then run beside
/// <see cref="FaultControlPlaneGroup"/>'s apiserver kills instead of after them (the two are the longest waits of the run).
/// </summary>
[CollectionDefinition(Name)]
public sealed class FencingControlPlaneGroup : ICollectionFixture<FaultControlPlane>
{
    public const string Name = "fencing control plane";
}
