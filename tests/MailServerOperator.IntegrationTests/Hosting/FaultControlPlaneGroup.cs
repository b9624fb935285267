namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>The tests that share <see cref="FaultControlPlane"/>; they run one after another, since they kill its apiserver.</summary>
[CollectionDefinition(Name)]
public sealed class FaultControlPlaneGroup : ICollectionFixture<FaultControlPlane>
{
    public const string Name = "fault control plane";
}
