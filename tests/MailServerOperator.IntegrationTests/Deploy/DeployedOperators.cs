namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// The tests that run the operator on the <see cref="DeployedCluster"/> as the Deployment does (every namespace, the
/// Deployment's Lease): one after another, since two of them at once would take turns at the one Lease. They share one
/// <see cref="ContainerImageBuild"/>, which starts with the collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DeployedOperators : ICollectionFixture<ContainerImageBuild>
{
    public const string Name = "deploy";
}
