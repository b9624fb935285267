namespace MailServerOperator.IntegrationTests.Discovery;

/// <summary>The discovery tests share one Dovecot and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DiscoveryTests : ICollectionFixture<DiscoveryFixture>
{
    public const string Name = "Discovery";
}
