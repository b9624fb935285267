using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Hosting;
using MailServerOperator.IntegrationTests.Probing;
using MailServerOperator.Verification;

namespace MailServerOperator.IntegrationTests.Verification;

/// <summary>MailServers and probe Secrets pointing at the loopback Dovecot and Exim of this test run.</summary>
internal static class LocalServers
{
    /// <summary>POP3S on Dovecot, SMTP with STARTTLS on Exim: verified in well under a second.</summary>
    public static JsonObject Pop3(MailServerTestEnvironment env, string name, string interval = "1h", string? secret = null)
    {
        var server = new JsonObject
        {
            ["apiVersion"] = MailServer.ApiVersionName,
            ["kind"] = MailServer.KindName,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["displayName"] = name,
                ["incoming"] = new JsonObject { ["protocol"] = "POP3", ["host"] = env.Host, ["port"] = env.Port("DOVECOT_POP3S_PORT"), ["tls"] = "Implicit", ["retention"] = new JsonObject { ["leaveOnServer"] = true } },
                ["outgoing"] = new JsonObject { ["host"] = env.Host, ["port"] = env.Port("EXIM_SMTP_PORT"), ["tls"] = "StartTls", ["maxMessageSize"] = "10Mi" },
                ["probe"] = new JsonObject { ["interval"] = interval },
            },
        };
        if (secret is not null)
        {
            server["spec"]!["probe"]!["credentialsSecretRef"] = new JsonObject { ["name"] = secret };
        }

        return server;
    }

    public static V1Secret Secret(string name, string username, string password, bool enabledForProbes = true) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = enabledForProbes ? new Dictionary<string, string> { [ProbeCredentialsReader.EnabledLabel] = "true" } : null,
        },
        Data = new Dictionary<string, byte[]> { ["username"] = Encoding.UTF8.GetBytes(username), ["password"] = Encoding.UTF8.GetBytes(password) },
    };

    /// <summary>Options for an operator that verifies against the test servers: their CA trusted, 5 s probes.</summary>
    public static Action<OperatorOptions> Verifying(string caBundle, params string[] namespaces) => o =>
    {
        o.Namespaces = namespaces;
        o.Verification.CaBundlePath = caBundle;
        o.Verification.ProbeTimeout = TimeSpan.FromSeconds(5);
        o.Verification.ProbeAllowedNetworks = [System.Net.IPNetwork.Parse("127.0.0.0/8")]; // the test mail servers are on loopback
    };

    public static async Task<string> WriteCaBundleAsync(MailServersFixture mail)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mailtest-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(path, string.Concat(mail.ServerCertificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }
}
