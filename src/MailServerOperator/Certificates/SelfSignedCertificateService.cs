using MailServerOperator.Admission;
using MailServerOperator.Hosting;

namespace MailServerOperator.Certificates;

/// <summary>
/// Provisions the webhook's certificates without cert-manager. On start and every
/// <see cref="WebhookCertificateOptions.CheckInterval"/> the leader reads both Secrets afresh, renews what is due, writes
/// the CA Secret, publishes the caBundle (the union of the current and the previous CA during their overlap), writes
/// the serving Secret and serves it: trust first, serve second. The other replicas only read the serving Secret and serve
/// it, so a slow or deposed replica never writes a stale caBundle. A failed check is retried sooner, doubling up to the
/// check interval.
/// </summary>
internal sealed partial class SelfSignedCertificateService(
    ICertificateSecretStore store,
    ICaBundlePublisher publisher,
    ServingCertificate serving,
    OperatorHealth health,
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

    /// <summary>One check; true when a certificate is served and (on the leader) the caBundle is published.</summary>
    internal Task<bool> CheckAsync(CancellationToken cancellationToken) =>
        health.Leading ? LeadAsync(cancellationToken) : FollowAsync(cancellationToken);

    /// <summary>A replica that does not lead serves what the leader stored, and writes nothing.</summary>
    private async Task<bool> FollowAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(options.SecretName, cancellationToken);
        if (WebhookCertificates.ServingFrom(stored?.Data, out _) is not { } certificate)
        {
            return false; // nothing (readable) stored yet: ask again soon
        }

        var expiry = CertificateFactory.NotAfter(certificate);
        if (serving.Update(certificate))
        {
            LogServing(logger, expiry);
        }
        else
        {
            certificate.Dispose();
        }

        return true;
    }

    private async Task<bool> LeadAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var authoritySecret = await store.ReadAsync(options.AuthoritySecretName, cancellationToken);
            var servingSecret = await store.ReadAsync(options.SecretName, cancellationToken);
            var current = authoritySecret is null && servingSecret is null
                ? null
                : WebhookCertificates.FromSecretData(authoritySecret?.Data, servingSecret?.Data, out var problem) ?? Unreadable(problem);

            var now = time.GetUtcNow();
            var plan = CertificateRotation.Decide(current, _names, now, options.Certificates);
            var next = plan.HasChanges ? CertificateRotation.Apply(current, plan, _names, now, options.Certificates) : current!;
            var authorityData = next.ToAuthoritySecretData();
            var servingData = next.ToServingSecretData();

            // Trust first, serve second: the CA is stored and published before a certificate it signed is stored to serve.
            // Each step is conditional on what was read; when another writer got there first, read again and adopt.
            if (!await WriteIfChangedAsync(options.AuthoritySecretName, authoritySecret, authorityData, cancellationToken))
            {
                if (attempt == WriteAttempts)
                {
                    return false;
                }

                continue;
            }

            var publication = await publisher.PublishAsync(next.CaBundle, cancellationToken);
            if (publication is CaBundlePublication.Conflict or CaBundlePublication.NewerPublished)
            {
                LogNotPublished(logger, options.ConfigurationName, publication);
                if (attempt == WriteAttempts)
                {
                    return false;
                }

                continue;
            }

            if (publication == CaBundlePublication.Updated)
            {
                LogCaBundlePublished(logger, options.ConfigurationName);
            }
            else if (publication == CaBundlePublication.ConfigurationMissing)
            {
                LogConfigurationMissing(logger, options.ConfigurationName);
            }

            if (!await WriteIfChangedAsync(options.SecretName, servingSecret, servingData, cancellationToken))
            {
                if (attempt == WriteAttempts)
                {
                    return false;
                }

                continue;
            }

            if (plan.HasChanges)
            {
                LogRotated(logger, plan.Summary, next.ServingExpiresAt, next.AuthorityExpiresAt);
            }

            if (serving.Update(next.Serving))
            {
                LogServing(logger, next.ServingExpiresAt);
            }

            return publication != CaBundlePublication.ConfigurationMissing;
        }
    }

    private WebhookCertificates? Unreadable(string? problem)
    {
        LogUnreadable(logger, options.ServiceNamespace, $"{options.AuthoritySecretName}, {options.SecretName}", problem ?? "unreadable");
        return null;
    }

    /// <summary>True when nothing needed writing or the write won; false when another writer changed the Secret first.</summary>
    private async Task<bool> WriteIfChangedAsync(string name, CertificateSecret? stored, Dictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        if (stored is not null && SameData(stored.Data, data))
        {
            return true;
        }

        return stored is null
            ? await store.CreateAsync(name, data, cancellationToken)
            : await store.UpdateAsync(name, data, stored.ResourceVersion, cancellationToken);
    }

    private static bool SameData(IReadOnlyDictionary<string, byte[]> stored, Dictionary<string, byte[]> data) =>
        stored.Count == data.Count && data.All(entry => stored.TryGetValue(entry.Key, out var value) && value.AsSpan().SequenceEqual(entry.Value));

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "caBundle of ValidatingWebhookConfiguration {Name} not published ({Outcome}); reading everything again")]
    private static partial void LogNotPublished(ILogger logger, string name, CaBundlePublication outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ValidatingWebhookConfiguration {Name} not found: its caBundle is set once it exists")]
    private static partial void LogConfigurationMissing(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook serving a certificate that expires {Expiry:u}")]
    private static partial void LogServing(ILogger logger, DateTimeOffset expiry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook certificate check failed ({Error}: {Message}); retrying")]
    private static partial void LogCheckFailed(ILogger logger, string error, string message);
}
