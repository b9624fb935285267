namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>Tests against the real Dovecot and Exim: one set of servers for all of them, tests run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RealMailServers : ICollectionFixture<MailServersFixture>
{
    public const string Name = "Real mail servers";
}
