using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailServerOperator.Admission;

namespace MailServerOperator.Certificates;

/// <summary>
/// Serves <c>tls.crt</c> and <c>tls.key</c> from <see cref="WebhookOptions.CertificateDirectory"/> (a mounted
/// cert-manager Secret), re-reading them every <see cref="WebhookCertificateOptions.CheckInterval"/>: the kubelet
/// updates a mounted Secret in place when cert-manager renews it.
/// </summary>
internal sealed partial class CertificateDirectoryService(
    ServingCertificate serving,
    WebhookOptions options,
    TimeProvider time,
    ILogger<CertificateDirectoryService> logger) : BackgroundService
{
    private string? _lastProblem;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Certificates.CheckInterval, time);
        try
        {
            do
            {
                Load();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Loads the files; true when a certificate is served (the one loaded now or the one before).</summary>
    internal bool Load()
    {
        var directory = options.CertificateDirectory ?? throw new InvalidOperationException("no certificate directory configured");
        var certificatePath = Path.Combine(directory, WebhookCertificates.ServingCertificateKey);
        var keyPath = Path.Combine(directory, WebhookCertificates.ServingPrivateKeyKey);
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            _lastProblem = null;
            if (serving.Update(certificate))
            {
                LogLoaded(logger, certificatePath, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
            }
            else
            {
                certificate.Dispose();
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var problem = $"{ex.GetType().Name}: {ex.Message}";
            if (problem != _lastProblem)
            {
                _lastProblem = problem;
                LogUnreadable(logger, directory, problem);
            }

            return serving.Current is not null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook serving {Path}, which expires {Expiry:u}")]
    private static partial void LogLoaded(ILogger logger, string path, DateTimeOffset expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook certificate in {Directory} cannot be read ({Problem}); still serving the one loaded before, if any")]
    private static partial void LogUnreadable(ILogger logger, string directory, string problem);
}
