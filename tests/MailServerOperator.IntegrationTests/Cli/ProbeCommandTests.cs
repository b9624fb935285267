using System.CommandLine;
using MailServerOperator.Cli;
using MailServerOperator.IntegrationTests.Probing;

namespace MailServerOperator.IntegrationTests.Cli;

/// <summary><c>mailserver-operator probe</c> against the real Dovecot and Exim, without a cluster.</summary>
[Collection(RealMailServers.Name)]
public sealed class ProbeCommandTests(MailServersFixture mail) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("probe-cli-").FullName;

    [Fact]
    public async Task Probe_ServersThatWork_PrintsVerifiedRowAndExitsZero()
    {
        var manifest = Write("good.yaml", Manifest("good", mail.Environment.Port("DOVECOT_POP3S_PORT")) + Secret());

        var (exit, output) = await RunAsync(manifest);

        Assert.True(exit == 0, output);
        Assert.Matches(@"mail-share/good\s+Verified\s+Verified", output);
        Assert.Contains("1 of 1 MailServers verified", output, StringComparison.Ordinal);
        Assert.DoesNotContain(mail.Environment.Password, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_IncomingPortClosed_PrintsReasonAndMessageAndExitsOne()
    {
        var manifest = Write("closed.yaml", Manifest("closed", 1) + Secret());

        var (exit, output) = await RunAsync(manifest);

        Assert.Equal(1, exit);
        Assert.Matches(@"mail-share/closed\s+ConnectionRefused\s+Verified", output);
        Assert.Contains("incoming ConnectionRefused: 127.0.0.1:1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_MissingPath_ExitsTwo()
    {
        var (exit, _) = await RunAsync(Path.Combine(_directory, "nope.yaml"));

        Assert.Equal(2, exit);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// probe with a deadline of 30 s: no test here is about the deadline, and the first probes of a run (a cold prober,
    /// Dovecot's first login) on a loaded machine once took longer than 5 s.
    /// </summary>
    private async Task<(int Exit, string Output)> RunAsync(string manifest)
    {
        var bundle = Write("ca.pem", string.Concat(mail.ServerCertificates.Select(c => c.ExportCertificatePem() + "\n")));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OperatorCommandLine.InvokeAsync(["probe", manifest, "--ca-bundle", bundle, "--timeout", "30s"], new InvocationConfiguration { Output = output, Error = error });
        return (exit, output + error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Manifest(string name, int pop3sPort) => $"""
        apiVersion: mailshare.io/v1alpha1
        kind: MailServer
        metadata:
          name: {name}
          namespace: mail-share
        spec:
          displayName: {name}
          incoming:
            protocol: POP3
            host: {mail.Environment.Host}
            port: {pop3sPort}
            tls: Implicit
          outgoing:
            host: {mail.Environment.Host}
            port: {mail.Environment.Port("EXIM_SMTP_PORT")}
            tls: StartTls
            maxMessageSize: 10Mi
          probe:
            credentialsSecretRef:
              name: probe-account
        ---

        """;

    private string Secret() => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: probe-account
          namespace: mail-share
        stringData:
          username: {mail.Environment.User}
          password: {mail.Environment.Password}
        """;
}
