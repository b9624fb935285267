using MailServerOperator.Api;
using MailServerOperator.Controller;

namespace MailServerOperator.Verification;

/// <summary>
/// Notices a changed probe Secret without list/watch of Secrets (RBAC stays get-by-name): every
/// <see cref="VerificationOptions.SecretRecheckInterval"/> it reads each Secret that a verified MailServer names,
/// once per Secret, and compares its stamp with the one the last verification used; a difference makes that
/// verification due now. Only what the verifier holds is checked, so a standby replica sends nothing.
/// </summary>
internal sealed partial class ProbeSecretMonitor(
    MailServerVerifier verifier, ProbeCredentialsReader credentials, VerificationOptions options, TimeProvider time, ILogger<ProbeSecretMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.SecretRecheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: re-reads every named Secret once and expires the verifications it invalidates.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var uses in verifier.SecretUses().GroupBy(u => (u.Key.Namespace, u.Secret)))
        {
            var read = await credentials.ReadAsync(uses.Key.Namespace, new SecretReference { Name = uses.Key.Secret }, cancellationToken);
            if (read.Stamp is not { } stamp)
            {
                continue; // could not be read just now: nothing is known to have changed
            }

            foreach (var use in uses)
            {
                if (use.Stamp is null)
                {
                    verifier.Adopt(use.Key, stamp);
                }
                else if (use.Stamp != stamp)
                {
                    LogSecretChanged(logger, use.Key, uses.Key.Secret);
                    verifier.Expire(use.Key);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The probe Secret {Secret} of {Key} changed; verifying again")]
    private static partial void LogSecretChanged(ILogger logger, ObjectKey key, string secret);
}
