using System.Collections.Concurrent;
using MailServerOperator.Api;
using MailServerOperator.Probing;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Verification;

/// <summary>
/// Runs verifications in the background so a slow server never holds a reconcile worker: the reconciler starts one,
/// the verifier reports through <see cref="VerificationCompleted"/> when it completes, and the next reconcile writes
/// the result. At most <see cref="VerificationOptions.MaxConcurrentProbes"/> probes run at once, in slots shared
/// fairly between namespaces (<see cref="FairProbeSlots"/>); one verification per key at a time.
/// </summary>
internal sealed partial class MailServerVerifier : IDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);
    private readonly IMailServerProber _prober;
    private readonly ProbeCredentialsReader _credentials;
    private readonly VerificationCompleted _completed;
    private readonly VerificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MailServerVerifier> _logger;
    private readonly FairProbeSlots _slots;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<ObjectKey, Verified> _results = new();
    private readonly Dictionary<ObjectKey, Run> _running = [];
    private readonly Lock _lock = new();

    public MailServerVerifier(
        IMailServerProber prober,
        ProbeCredentialsReader credentials,
        VerificationCompleted completed,
        VerificationOptions options,
        TimeProvider time,
        ILogger<MailServerVerifier> logger)
    {
        _prober = prober;
        _credentials = credentials;
        _completed = completed;
        _options = options;
        _time = time;
        _logger = logger;
        _slots = new FairProbeSlots(options.MaxConcurrentProbes / 2); // a verification runs two probes
    }

    /// <summary>Raised when a verification read back from status names a probe Secret: its stamp is not known yet.</summary>
    public event Action? SecretUseUnstamped;

    public VerificationOutcome? Latest(ObjectKey key) => _results.GetValueOrDefault(key)?.Outcome;

    /// <summary>
    /// The newer of what this process verified for <paramref name="fingerprint"/> and what status records
    /// (<paramref name="recorded"/>): after a restart or a failover status is the starting point, and a leader that
    /// comes back never writes an older result over a newer one.
    /// </summary>
    public VerificationOutcome? Latest(ObjectKey key, SecretReference? secret, string fingerprint, VerificationOutcome? recorded)
    {
        var known = _results.GetValueOrDefault(key);
        var latest = known?.Outcome.Fingerprint == fingerprint ? known.Outcome : null;
        if (recorded is null || (latest is not null && latest.CompletedAt >= recorded.CompletedAt))
        {
            return latest;
        }

        _results[key] = new Verified(recorded, secret?.Name);
        if (secret is not null)
        {
            SecretUseUnstamped?.Invoke();
        }

        return recorded;
    }

    public bool IsRunning(ObjectKey key)
    {
        lock (_lock)
        {
            return _running.ContainsKey(key);
        }
    }

    /// <summary>
    /// Starts verifying the spec unless the same spec is already being verified for the same request; a changed spec
    /// or a new <c>mailshare.io/requested-at</c> value cancels the old run.
    /// </summary>
    public void Start(ObjectKey key, MailServerSpec spec, string fingerprint, string? requestedAt = null)
    {
        Run run;
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested
                || (_running.TryGetValue(key, out var running) && running.Fingerprint == fingerprint && running.RequestedAt == requestedAt))
            {
                return;
            }

            if (_running.Remove(key, out var stale))
            {
                stale.Cancel.Cancel();
            }

            run = new Run(fingerprint, requestedAt, CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token));
            _running[key] = run;
        }

        _ = Task.Run(() => RunAsync(key, spec, run));
    }

    /// <summary>Makes the verification of <paramref name="key"/> due now (its probe Secret changed) and reports it.</summary>
    public void Expire(ObjectKey key)
    {
        if (_results.TryGetValue(key, out var known))
        {
            _results[key] = known with { Outcome = known.Outcome with { NextDueAt = _time.GetUtcNow() } };
            _completed(key);
        }
    }

    /// <summary>Records the probe Secret's stamp where none is known yet (a verification read back from status).</summary>
    public void Adopt(ObjectKey key, string stamp)
    {
        if (_results.TryGetValue(key, out var known) && known.Outcome.CredentialsStamp is null)
        {
            _results.TryUpdate(key, known with { Outcome = known.Outcome with { CredentialsStamp = stamp } }, known);
        }
    }

    /// <summary>Every verified MailServer that names a probe Secret, with the stamp of the Secret as it was used.</summary>
    public IReadOnlyList<(ObjectKey Key, string Secret, string? Stamp)> SecretUses() =>
        [.. _results.Where(r => r.Value.Secret is not null).Select(r => (r.Key, r.Value.Secret!, r.Value.Outcome.CredentialsStamp))];

    /// <summary>Drops what is known of a deleted MailServer and cancels its probe.</summary>
    public void Forget(ObjectKey key)
    {
        lock (_lock)
        {
            if (_running.Remove(key, out var running))
            {
                running.Cancel.Cancel();
            }
        }

        _results.TryRemove(key, out _);
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
    }

    private async Task RunAsync(ObjectKey key, MailServerSpec spec, Run run)
    {
        try
        {
            var verification = await VerifyAsync(key, spec, run, run.Cancel.Token);
            lock (_lock)
            {
                if (!_running.TryGetValue(key, out var running) || !ReferenceEquals(running, run))
                {
                    return; // superseded by a newer spec or request, or forgotten
                }

                _results[key] = new Verified(verification, spec.Probe?.CredentialsSecretRef?.Name);
                _running.Remove(key);
            }

            _completed(key);
        }
        catch (OperationCanceledException) when (run.Cancel.IsCancellationRequested)
        {
        }
        finally
        {
            run.Cancel.Dispose();
        }
    }

    private async Task<VerificationOutcome> VerifyAsync(ObjectKey key, MailServerSpec spec, Run run, CancellationToken cancellationToken)
    {
        using var activity = OperatorTelemetry.ActivitySource.StartActivity("verify");
        activity?.SetTag("k8s.namespace.name", key.Namespace);
        activity?.SetTag("mailshare.mailserver.name", key.Name);
        CredentialsLookup credentials;
        try
        {
            credentials = await _credentials.ReadAsync(key.Namespace, spec.Probe?.CredentialsSecretRef, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogOperatorError(_logger, key, "reading the probe Secret", ex);
            credentials = new CredentialsLookup(null, OperatorProblem("reading the probe Secret", ex), null);
        }

        if (credentials.Problem is { } problem)
        {
            LogNotVerified(_logger, key, problem.Reason, problem.Message);
            return Completed(run, spec, credentials, null, null, problem);
        }

        // One slot per verification: its two probes run side by side and end by the probe timeout.
        using var slot = await _slots.AcquireAsync(key.Namespace, cancellationToken);
        var outgoing = spec.Outgoing!;
        var outgoingCredentials = ProbeTargets.OutgoingCredentials(outgoing, credentials.Credentials);
        var incomingTask = ProbeAsync(key, "incoming", ct => _prober.ProbeIncomingAsync(ProbeTargets.Incoming(spec.Incoming!), credentials.Credentials, ct), cancellationToken);
        var outgoingTask = ProbeAsync(key, "outgoing", ct => _prober.ProbeOutgoingAsync(ProbeTargets.Outgoing(outgoing), outgoingCredentials, ct), cancellationToken);
        var ((incoming, incomingError), (sent, outgoingError)) = (await incomingTask, await outgoingTask);
        if ((incomingError ?? outgoingError) is { } error)
        {
            return Completed(run, spec, credentials, null, null, error);
        }

        Record("incoming", incoming!.Reason, incoming.Latency);
        Record("outgoing", sent!.Reason, sent.Latency);
        LogVerified(_logger, key, incoming.Reason, incoming.Latency.TotalMilliseconds, sent.Reason, sent.Latency.TotalMilliseconds);
        return Completed(run, spec, credentials, incoming, sent, null);
    }

    /// <summary>Runs one probe; an exception from the probe is a bug of the operator, never the server's fault.</summary>
    private async Task<(T? Result, VerificationProblem? Error)> ProbeAsync<T>(ObjectKey key, string direction, Func<CancellationToken, Task<T>> probe, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await probe(cancellationToken), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var what = $"probing the {direction} server";
            LogOperatorError(_logger, key, what, ex);
            return (null, OperatorProblem(what, ex));
        }
    }

    private static VerificationProblem OperatorProblem(string what, Exception ex) =>
        VerificationProblem.Operator($"the operator failed while {what} ({ex.GetType().Name}); this is a bug in the operator, not a finding about the server: see the operator's log; retrying soon");

    private VerificationOutcome Completed(
        Run run, MailServerSpec spec, CredentialsLookup credentials, IncomingProbeResult? incoming, OutgoingProbeResult? outgoing, VerificationProblem? problem)
    {
        var now = _time.GetUtcNow();
        var interval = spec.Probe.EffectiveInterval();
        if (problem is not null)
        {
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks, RetryAfterFailure.Ticks));
        }

        var jitter = 1 + (_options.IntervalJitter * ((2 * Random.Shared.NextDouble()) - 1));
        return new VerificationOutcome(run.Fingerprint, now, now + (interval * jitter), incoming, outgoing, problem)
        {
            RequestedAt = run.RequestedAt,
            CredentialsStamp = credentials.Stamp,
        };
    }

    private static void Record(string direction, ProbeReason reason, TimeSpan latency) =>
        OperatorTelemetry.ProbeDuration.Record(
            latency.TotalSeconds,
            new KeyValuePair<string, object?>("direction", direction),
            new KeyValuePair<string, object?>("reason", reason.ToString()));

    [LoggerMessage(Level = LogLevel.Information, Message = "Verified {Key}: incoming {IncomingReason} in {IncomingMs:F0} ms, outgoing {OutgoingReason} in {OutgoingMs:F0} ms")]
    private static partial void LogVerified(ILogger logger, ObjectKey key, ProbeReason incomingReason, double incomingMs, ProbeReason outgoingReason, double outgoingMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Operator error while {What} for {Key}; reported as OperatorError and retried soon")]
    private static partial void LogOperatorError(ILogger logger, ObjectKey key, string what, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not verifying {Key} ({Reason}): {Problem}")]
    private static partial void LogNotVerified(ILogger logger, ObjectKey key, string reason, string problem);

    /// <summary>One verification in flight: what it verifies and how to cancel it.</summary>
    private sealed record Run(string Fingerprint, string? RequestedAt, CancellationTokenSource Cancel);

    /// <summary>The latest outcome of a key and the probe Secret it named (watched for changes).</summary>
    private sealed record Verified(VerificationOutcome Outcome, string? Secret);
}
