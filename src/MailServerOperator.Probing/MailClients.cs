using System.Net.Sockets;
using MailKit;
using MailKit.Security;

namespace MailServerOperator.Probing;

/// <summary>What every probe does with its MailKit client: bound it, check its certificate, connect it, say goodbye.</summary>
internal static class MailClients
{
    public static void Configure(MailService client, ServerCertificateValidator validator, TimeSpan operationTimeout)
    {
        client.Timeout = (int)operationTimeout.TotalMilliseconds;
        client.CheckCertificateRevocation = false;
        client.ServerCertificateValidationCallback = validator.Validate;
    }

    /// <summary>
    /// Hands the connected socket to MailKit: implicit TLS, greeting, capabilities and, for StartTls, STARTTLS when the
    /// server offers it. A server that does not offer it stays in plain text, so the probe can say so by name.
    /// </summary>
    public static async Task ConnectAsync(MailService client, Socket socket, ProbeSession session, CancellationToken cancellationToken)
    {
        session.Enter(ProbeStage.SessionSetup);
        var options = session.Tls switch
        {
            ProbeTlsMode.Implicit => SecureSocketOptions.SslOnConnect,
            ProbeTlsMode.StartTls => SecureSocketOptions.StartTlsWhenAvailable,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(socket, session.Host, session.Port, options, cancellationToken);
        session.TlsProtocol = client.IsSecure ? TlsProtocolNames.Of(client.SslProtocol) : null;
    }

    /// <summary>Stops the latency clock and logs out politely; a failure to do so changes nothing about the verdict.</summary>
    public static async Task QuitAsync(MailService client, ProbeSession session, CancellationToken cancellationToken)
    {
        session.StopClock();
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
