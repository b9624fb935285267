namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>The tests that share one <see cref="DeployedCluster"/> (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SharedDeployedCluster : ICollectionFixture<DeployedCluster>
{
    public const string Name = "deploy";
}
