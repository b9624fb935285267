using MailKit;
using MailKit.Security;

namespace MailServerOperator.Probing;

/// <summary>
/// What every protocol's probe shares: its own MailKit client on the probe's connection, MailKit's Timeout on every
/// step, TLS 1.2+ with the probe's certificate check, TLS exactly as configured (a StartTls server that does not offer
/// or refuses STARTTLS fails the probe: it never goes on in plain text), then the protocol's checks, then a goodbye
/// that changes nothing about the verdict. Connecting, the deadline and turning failures into reasons are
/// <see cref="MailServerProber"/>'s.
/// </summary>
internal abstract class MailProbe<TClient>(ProbeSession session)
    where TClient : MailService, new()
{
    protected ProbeSession Session => session;

    public async Task<ProbeVerdict> RunAsync(Stream connection, ServerCertificateValidator validator, TimeSpan operationTimeout, CancellationToken cancellationToken)
    {
        using var client = new TClient
        {
            Timeout = (int)operationTimeout.TotalMilliseconds,
            SslProtocols = ProbeTlsPolicy.Protocols,
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = validator.Validate,
        };
        Configure(client);

        session.Enter(ProbeStage.SessionSetup);
        await client.ConnectAsync(connection, session.Host, session.Port, SocketOptions(session.Tls), cancellationToken);
        session.TlsProtocol = client.IsSecure ? TlsProtocolNames.Of(client.SslProtocol) : null;
        Record(client);
        var verdict = session.Tls != ProbeTlsMode.None && !client.IsSecure
            ? new ProbeVerdict(ProbeReason.StartTlsNotOffered, ProbeFailureClassifier.StartTlsNotOfferedDetail(session.Protocol))
            : await VerifyAsync(client, cancellationToken);

        session.StopClock();
        await QuitAsync(client, cancellationToken);
        return verdict;
    }

    /// <summary>Protocol settings before connecting (e.g. the EHLO name).</summary>
    protected virtual void Configure(TClient client)
    {
    }

    /// <summary>Copies what the client has learnt (capabilities, mechanisms) into the session.</summary>
    protected abstract void Record(TClient client);

    /// <summary>The protocol's checks on a connected, secured (as configured) client.</summary>
    protected abstract Task<ProbeVerdict> VerifyAsync(TClient client, CancellationToken cancellationToken);

    protected ProbeVerdict Verified(string facts) => ProbeVerdict.Verified($"{session.Protocol} verified ({session.TlsSummary()}; {facts})");

    /// <summary>StartTls, not StartTlsWhenAvailable: MailKit then refuses to go on without STARTTLS, for every protocol.</summary>
    private static SecureSocketOptions SocketOptions(ProbeTlsMode tls) => tls switch
    {
        ProbeTlsMode.Implicit => SecureSocketOptions.SslOnConnect,
        ProbeTlsMode.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    private static async Task QuitAsync(TClient client, CancellationToken cancellationToken)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, cancellationToken);
            }
        }
        catch (Exception)
        {
            // The verdict is already known; disposing the client closes the connection.
        }
    }
}
