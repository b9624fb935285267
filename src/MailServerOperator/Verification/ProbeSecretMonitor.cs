using MailServerOperator.Api;

namespace MailServerOperator.Verification;

/// <summary>
/// Notices a changed probe Secret without list/watch of Secrets (RBAC stays get-by-name): every
/// <see cref="VerificationOptions.SecretRecheckInterval"/> it reads each Secret that a verified MailServer names,
/// once per Secret, and compares its stamp with the one the last verification used; a difference makes that
/// verification due now. Only what the verifier holds is checked, so a standby replica sends nothing.
/// </summary>
/// <remarks>
/// A verification read back from status after a restart or a failover has no stamp: its Secret is read within
/// <see cref="PromptDelay"/>, and counts as changed when it is no longer usable, or when the API server records a
/// change (managedFields time, else creation) in or after the second of the status's verifiedAt. Those times have whole
/// seconds, so a change in that same second re-verifies once rather than being missed. Not caught this way: a change
/// while a probe was in flight (after it read the Secret) followed by a restart before the next recheck; and, on
/// Kubernetes before 1.25, a change of values only by the manager that already owned them (kubernetes#109576: such an
/// update leaves managedFields times alone), e.g. the same <c>kubectl apply</c> with a new password.
/// </remarks>
internal sealed partial class ProbeSecretMonitor(
    MailServerVerifier verifier, ProbeCredentialsReader credentials, VerificationOptions options, TimeProvider time, ILogger<ProbeSecretMonitor> logger) : BackgroundService
{
    /// <summary>How long a pass over unstamped uses waits, so the reconciles after a start are read in one batch.</summary>
    public static readonly TimeSpan PromptDelay = TimeSpan.FromSeconds(1);

    private TaskCompletionSource _unstamped = NewSignal();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        verifier.SecretUseUnstamped += SignalUnstamped;
        if (verifier.SecretUses().Any(u => u.Stamp is null))
        {
            SignalUnstamped();
        }

        using var timer = new PeriodicTimer(options.SecretRecheckInterval, time);
        try
        {
            var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
            while (true)
            {
                var unstamped = Volatile.Read(ref _unstamped).Task;
                if (await Task.WhenAny(tick, unstamped) == tick)
                {
                    if (!await tick)
                    {
                        return;
                    }

                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                    await CheckAsync(stoppingToken);
                }
                else
                {
                    Volatile.Write(ref _unstamped, NewSignal()); // a use recorded from now on asks for another pass
                    await Task.Delay(PromptDelay, time, stoppingToken);
                    await CheckAsync(unstampedOnly: true, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            verifier.SecretUseUnstamped -= SignalUnstamped;
        }
    }

    /// <summary>One pass: re-reads every named Secret once and expires the verifications it invalidates.</summary>
    public Task CheckAsync(CancellationToken cancellationToken) => CheckAsync(unstampedOnly: false, cancellationToken);

    /// <summary>A pass over the Secrets of every use, or only of those whose stamp is not known yet.</summary>
    public async Task CheckAsync(bool unstampedOnly, CancellationToken cancellationToken)
    {
        foreach (var uses in verifier.SecretUses().GroupBy(u => (u.Key.Namespace, u.Secret)))
        {
            if (unstampedOnly && uses.All(u => u.Stamp is not null))
            {
                continue;
            }

            var read = await credentials.ReadAsync(uses.Key.Namespace, new SecretReference { Name = uses.Key.Secret }, cancellationToken);
            if (read.Stamp is not { } stamp)
            {
                continue; // could not be read just now: nothing is known to have changed
            }

            foreach (var use in uses)
            {
                if (use.Stamp is null ? ChangedSince(read, verifier.Latest(use.Key)) : use.Stamp != stamp)
                {
                    LogSecretChanged(logger, use.Key, uses.Key.Secret);
                    verifier.Expire(use.Key);
                }
                else if (use.Stamp is null)
                {
                    LogSecretUnchanged(logger, use.Key, uses.Key.Secret);
                    verifier.Adopt(use.Key, stamp);
                }
            }
        }
    }

    /// <summary>
    /// Whether a Secret read now differs from what a verification without a stamp used: one read back from status (status
    /// records only verifications whose probes ran, so the Secret was usable then), or one that could not read it.
    /// </summary>
    private static bool ChangedSince(CredentialsLookup read, VerificationOutcome? verified)
    {
        if (read.Credentials is null || read.ChangedAt is not { } changedAt || verified is null)
        {
            return true;
        }

        var verifiedAt = verified.CompletedAt;
        return changedAt >= verifiedAt.AddTicks(-(verifiedAt.UtcTicks % TimeSpan.TicksPerSecond));
    }

    private void SignalUnstamped() => Volatile.Read(ref _unstamped).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The probe Secret {Secret} of {Key} has not changed since its recorded verification")]
    private static partial void LogSecretUnchanged(ILogger logger, ObjectKey key, string secret);

    [LoggerMessage(Level = LogLevel.Information, Message = "The probe Secret {Secret} of {Key} changed; verifying again")]
    private static partial void LogSecretChanged(ILogger logger, ObjectKey key, string secret);
}
