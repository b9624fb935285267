using System.Globalization;

namespace MailServerOperator.Tests.Hack;

/// <summary>
/// hack/mailservers/mailservers.env: every port a checkout's test mail servers listen on, with the shifts the suite
/// adds (RunLocalTests 250 and DiscoveryFixture 500 beyond MAILTEST_PORT_OFFSET, both with the "apop" Dovecot), differs
/// from every other mod 1000, so that checkouts whose offsets are a multiple of 1000 apart never take each other's ports.
/// </summary>
public sealed class MailServersEnvTests
{
    /// <summary>The ports hack/mailservers/start-dovecot.sh listens on for its "apop" instance, the one run-local.sh and DiscoveryFixture start.</summary>
    private static readonly string[] ApopPorts =
        ["DOVECOT_POP3_PORT", "DOVECOT_POP3S_PORT", "DOVECOT_IMAP_PORT", "DOVECOT_IMAPS_PORT", "DOVECOT_SUBMISSION_PORT", "DOVECOT_SUBMISSIONS_PORT"];

    [Fact]
    public void Ports_WithTheSuitesShifts_DifferModuloOneThousand()
    {
        var ports = File.ReadLines(Path.Combine(RepositoryRoot.Path, "hack", "mailservers", "mailservers.env"))
            .Where(line => !line.StartsWith('#') && line.Contains("_PORT=", StringComparison.Ordinal))
            .Select(line => line.Split('='))
            .ToDictionary(pair => pair[0], pair => int.Parse(pair[1], CultureInfo.InvariantCulture));
        Assert.Superset(ApopPorts.ToHashSet(), ports.Keys.ToHashSet());

        var listeners = ports.Select(p => (Name: p.Key, Port: p.Value))
            .Concat(ApopPorts.Select(name => (Name: $"{name} + 250 (run-local)", Port: ports[name] + 250)))
            .Concat(ApopPorts.Select(name => (Name: $"{name} + 500 (discovery)", Port: ports[name] + 500)));

        var shared = listeners.GroupBy(l => l.Port % 1000).Where(g => g.Count() > 1).Select(g => string.Join(" and ", g.Select(l => $"{l.Name} ({l.Port})")));
        Assert.Empty(shared);
    }
}
