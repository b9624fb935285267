using MailServerOperator.Admission;

namespace MailServerOperator.Certificates;

/// <summary>
/// Provisions the webhook's certificates without cert-manager: on start and every
/// <see cref="WebhookCertificateOptions.CheckInterval"/> it reads the shared Secret, renews what is due (the first
/// replica to write wins; the others adopt its certificates), keeps the webhook configuration's caBundle current and
/// then serves the serving certificate. A failed check is retried sooner, doubling up to the check interval.
/// </summary>
internal sealed partial class SelfSignedCertificateService(
    ICertificateSecretStore store,
    ICaBundlePublisher publisher,
    ServingCertificate serving,
    WebhookOptions options,
    TimeProvider time,
    ILogger<SelfSignedCertificateService> logger) : BackgroundService
{
    private const int WriteAttempts = 3;
    private readonly ServingNames _names = ServingNames.ForService(options.ServiceName, options.ServiceNamespace);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var certificates = options.Certificates;
        using var timer = new PeriodicTimer(certificates.CheckInterval, time);
        var retry = certificates.RetryInterval;
        try
        {
            while (true)
            {
                if (await CheckSafelyAsync(stoppingToken))
                {
                    retry = certificates.RetryInterval;
                    await timer.WaitForNextTickAsync(stoppingToken);
                }
                else
                {
                    await Task.Delay(retry, time, stoppingToken);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, certificates.CheckInterval.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check; true when the certificates are in place and the caBundle is published.</summary>
    internal async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.ReadAsync(cancellationToken);
            string? problem = null;
            var current = stored is null ? null : WebhookCertificates.FromSecretData(stored.Data, out problem);
            if (problem is not null)
            {
                LogUnreadable(logger, options.ServiceNamespace, options.SecretName, problem);
            }

            var now = time.GetUtcNow();
            var plan = CertificateRotation.Decide(current, _names, now, options.Certificates);
            if (plan.HasChanges)
            {
                var next = CertificateRotation.Apply(current, plan, _names, now, options.Certificates);
                var data = next.ToSecretData();
                var written = stored is null
                    ? await store.CreateAsync(data, cancellationToken)
                    : await store.UpdateAsync(data, stored.ResourceVersion, cancellationToken);
                if (!written)
                {
                    if (attempt == WriteAttempts)
                    {
                        return false;
                    }

                    // Another replica wrote first: adopt what it wrote.
                    continue;
                }

                LogRotated(logger, plan.Summary, next.ServingExpiresAt, next.AuthorityExpiresAt);
                current = next;
            }

            // Trust first, serve second: the apiserver must know the CA before it meets a certificate signed by it.
            var publication = await publisher.PublishAsync(current!.CaBundle, cancellationToken);
            if (publication == CaBundlePublication.Updated)
            {
                LogCaBundlePublished(logger, options.ConfigurationName);
            }
            else if (publication == CaBundlePublication.ConfigurationMissing)
            {
                LogConfigurationMissing(logger, options.ConfigurationName);
            }

            if (serving.Update(current.Serving))
            {
                LogServing(logger, current.ServingExpiresAt);
            }

            return publication != CaBundlePublication.ConfigurationMissing;
        }
    }

    private async Task<bool> CheckSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CheckAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCheckFailed(logger, ex.GetType().Name, ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook certificate Secret {Namespace}/{Name} is replaced: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string @namespace, string name, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook certificates renewed ({Reasons}); serving certificate expires {ServingExpiry:u}, CA {AuthorityExpiry:u}")]
    private static partial void LogRotated(ILogger logger, string reasons, DateTimeOffset servingExpiry, DateTimeOffset authorityExpiry);

    [LoggerMessage(Level = LogLevel.Information, Message = "caBundle of ValidatingWebhookConfiguration {Name} updated")]
    private static partial void LogCaBundlePublished(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ValidatingWebhookConfiguration {Name} not found: its caBundle is set once it exists")]
    private static partial void LogConfigurationMissing(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook serving a certificate that expires {Expiry:u}")]
    private static partial void LogServing(ILogger logger, DateTimeOffset expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook certificate check failed ({Error}: {Message}); retrying")]
    private static partial void LogCheckFailed(ILogger logger, string error, string message);
}
