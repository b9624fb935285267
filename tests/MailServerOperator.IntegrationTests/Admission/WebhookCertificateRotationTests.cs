using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailServerOperator.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>
/// Rotation for real, on a scale of seconds: a 27-second CA and 12-second serving certificates, renewed at two thirds of
/// their lives. Until three serving certificates and two CAs have been seen (however long a loaded machine takes),
/// every new TLS connection must meet a certificate that the caBundle the apiserver holds verifies, and the apiserver
/// must keep calling the webhook; the operator is never restarted.
/// </summary>
public sealed class WebhookCertificateRotationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromSeconds(27);
    private static readonly TimeSpan ServingLifetime = TimeSpan.FromSeconds(12);

    /// <summary>Far more than the 18 s that two CAs and three serving certificates take.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Rotation_CaAndServingRenewedSeveralTimes_EveryConnectionTrustedAndEveryCallAnswered()
    {
        var plane = await SharedControlPlane.GetAsync();
        var operatorNamespace = await plane.CreateNamespaceAsync("rotation-system");
        var judged = await plane.CreateNamespaceAsync("rotation");
        await using var webhook = await WebhookOperator.StartAsync(plane, operatorNamespace, [], options =>
        {
            options.Certificates.AuthorityLifetime = AuthorityLifetime;
            options.Certificates.ServingLifetime = ServingLifetime;
            options.Certificates.ClockSkew = TimeSpan.Zero;
            options.Certificates.CheckInterval = TimeSpan.FromMilliseconds(250);
        });
        await webhook.SelectAsync(judged);
        await Controller.Eventually.SucceedsAsync("the first admission", TimeSpan.FromSeconds(30), () => AdmissionWebhookFixture.WebhookAnswersAsync(plane.Client, judged));

        var servingSeen = new HashSet<string>();
        var authoritiesSeen = new HashSet<string>();
        var failures = new List<string>();
        var calls = 0;
        var started = Stopwatch.StartNew();
        while (servingSeen.Count < 3 || authoritiesSeen.Count < 2)
        {
            Assert.True(started.Elapsed < Patience, $"after {started.Elapsed.TotalSeconds:0} s only {servingSeen.Count} serving certificates and {authoritiesSeen.Count} CAs seen");
            var caBundle = (await webhook.ReadConfigurationAsync()).Webhooks.Single().ClientConfig.CaBundle;
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(Encoding.ASCII.GetString(caBundle));
            authoritiesSeen.UnionWith(roots.Select(root => root.Subject));
            var (served, trusted) = await HandshakeAsync(webhook.Url, roots);
            servingSeen.Add(served.SerialNumber);
            if (!trusted)
            {
                failures.Add($"{started.Elapsed.TotalSeconds:0.0} s: serving certificate {served.SerialNumber} (valid {served.NotBefore:T}-{served.NotAfter:T}) not verified by a caBundle of {roots.Count}");
            }

            served.Dispose();

            if (await AdmissionWebhookFixture.WebhookAnswersAsync(plane.Client, judged) is { } problem)
            {
                failures.Add($"{started.Elapsed.TotalSeconds:0.0} s: {problem}");
            }

            calls++;
            await Task.Delay(200);
        }

        var elapsed = started.Elapsed;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{calls} checks over {elapsed.TotalSeconds:0} s: {servingSeen.Count} serving certificates, {authoritiesSeen.Count} CAs"));
        Assert.Empty(failures);

        // Renewal is due at two thirds of a life (a new CA re-issues the serving certificate too): never every third.
        Assert.InRange(servingSeen.Count, 3, 2 + (int)(elapsed / (ServingLifetime / 3)));
        Assert.InRange(authoritiesSeen.Count, 2, 2 + (int)(elapsed / (AuthorityLifetime / 3)));
    }

    /// <summary>A fresh TLS connection to the webhook, as the apiserver makes one: the certificate served now and whether <paramref name="roots"/> trust it.</summary>
    private static async Task<(X509Certificate2 Served, bool Trusted)> HandshakeAsync(Uri url, X509Certificate2Collection roots)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        X509Certificate2? served = null;
        var trusted = false;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            served = new X509Certificate2(certificate!);
            trusted = IsTrusted(served, roots);
            return trusted;
        });
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.Host });
        }
        catch (System.Security.Authentication.AuthenticationException) when (served is not null && !trusted)
        {
        }

        return (served!, trusted);
    }

    private static bool IsTrusted(X509Certificate2 served, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(served) && served.MatchesHostname("127.0.0.1");
    }
}
