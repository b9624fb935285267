namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>The tests that share one <see cref="PrivateControlPlane"/> (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class SharedPrivateControlPlane : ICollectionFixture<PrivateControlPlane>
{
    public const string Name = "private control plane";
}
