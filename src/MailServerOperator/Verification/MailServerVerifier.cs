using System.Collections.Concurrent;
using MailServerOperator.Api;
using MailServerOperator.Controller;
using MailServerOperator.Probing;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Verification;

/// <summary>
/// Runs verifications in the background so a slow server never holds a reconcile worker: the reconciler starts one,
/// the verifier enqueues the key when it completes, and the next reconcile writes the result. At most
/// <see cref="VerificationOptions.MaxConcurrentProbes"/> probes run at once; one verification per key at a time.
/// </summary>
internal sealed partial class MailServerVerifier : IDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);
    private readonly IMailServerProber _prober;
    private readonly ProbeCredentialsReader _credentials;
    private readonly WorkQueue _queue;
    private readonly VerificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MailServerVerifier> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<ObjectKey, VerificationOutcome> _results = new();
    private readonly Dictionary<ObjectKey, (string Fingerprint, CancellationTokenSource Cancel)> _running = [];
    private readonly Lock _lock = new();

    public MailServerVerifier(
        IMailServerProber prober, ProbeCredentialsReader credentials, WorkQueue queue, VerificationOptions options, TimeProvider time, ILogger<MailServerVerifier> logger)
    {
        _prober = prober;
        _credentials = credentials;
        _queue = queue;
        _options = options;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentProbes));
    }

    public VerificationOutcome? Latest(ObjectKey key) => _results.GetValueOrDefault(key);

    public bool IsRunning(ObjectKey key)
    {
        lock (_lock)
        {
            return _running.ContainsKey(key);
        }
    }

    /// <summary>Starts verifying the spec unless the same spec is already being verified; a changed spec cancels the old run.</summary>
    public void Start(ObjectKey key, MailServerSpec spec, string fingerprint)
    {
        CancellationTokenSource cancel;
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested || (_running.TryGetValue(key, out var running) && running.Fingerprint == fingerprint))
            {
                return;
            }

            if (_running.Remove(key, out var stale))
            {
                stale.Cancel.Cancel();
            }

            cancel = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
            _running[key] = (fingerprint, cancel);
        }

        _ = Task.Run(() => RunAsync(key, spec, fingerprint, cancel));
    }

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
        _slots.Dispose();
    }

    private async Task RunAsync(ObjectKey key, MailServerSpec spec, string fingerprint, CancellationTokenSource cancel)
    {
        try
        {
            var verification = await VerifyAsync(key, spec, fingerprint, cancel.Token);
            lock (_lock)
            {
                if (!_running.TryGetValue(key, out var running) || running.Cancel != cancel)
                {
                    return; // superseded by a newer spec or forgotten
                }

                _results[key] = verification;
                _running.Remove(key);
            }

            _queue.Add(key);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A bug, not a verdict: forget the run so the next reconcile starts a new one, and come back later.
            LogVerificationFailed(_logger, key, ex);
            lock (_lock)
            {
                if (_running.TryGetValue(key, out var running) && running.Cancel == cancel)
                {
                    _running.Remove(key);
                }
            }

            _queue.AddAfter(key, RetryAfterFailure);
        }
        finally
        {
            cancel.Dispose();
        }
    }

    private async Task<VerificationOutcome> VerifyAsync(ObjectKey key, MailServerSpec spec, string fingerprint, CancellationToken cancellationToken)
    {
        using var activity = OperatorTelemetry.ActivitySource.StartActivity("verify");
        activity?.SetTag("k8s.namespace.name", key.Namespace);
        activity?.SetTag("mailshare.mailserver.name", key.Name);
        CredentialsLookup credentials;
        try
        {
            credentials = await _credentials.ReadAsync(key.Namespace, spec.Probe?.CredentialsSecretRef, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            credentials = new CredentialsLookup(null, $"the probe credentials Secret could not be read ({ex.GetType().Name}); retrying");
        }

        if (credentials.Problem is not null)
        {
            LogCredentialsProblem(_logger, key, credentials.Problem);
            return Completed(fingerprint, spec, null, null, credentials.Problem, retrySoon: true);
        }

        var outgoing = spec.Outgoing!;
        var outgoingCredentials = ProbeTargets.OutgoingCredentials(outgoing, credentials.Credentials);
        var incomingResult = WithSlotAsync(ct => _prober.ProbeIncomingAsync(ProbeTargets.Incoming(spec.Incoming!), credentials.Credentials, ct), cancellationToken);
        var outgoingResult = WithSlotAsync(ct => _prober.ProbeOutgoingAsync(ProbeTargets.Outgoing(outgoing), outgoingCredentials, ct), cancellationToken);
        var (incoming, sent) = (await incomingResult, await outgoingResult);

        Record("incoming", incoming.Reason, incoming.Latency);
        Record("outgoing", sent.Reason, sent.Latency);
        LogVerified(_logger, key, incoming.Reason, incoming.Latency.TotalMilliseconds, sent.Reason, sent.Latency.TotalMilliseconds);
        return Completed(fingerprint, spec, incoming, sent, null, retrySoon: false);
    }

    private async Task<T> WithSlotAsync<T>(Func<CancellationToken, Task<T>> probe, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await probe(cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private VerificationOutcome Completed(string fingerprint, MailServerSpec spec, IncomingProbeResult? incoming, OutgoingProbeResult? outgoing, string? problem, bool retrySoon)
    {
        var now = _time.GetUtcNow();
        var interval = spec.Probe.EffectiveInterval();
        if (retrySoon)
        {
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks, RetryAfterFailure.Ticks));
        }

        var jitter = 1 + (_options.IntervalJitter * ((2 * Random.Shared.NextDouble()) - 1));
        return new VerificationOutcome(fingerprint, now, now + (interval * jitter), incoming, outgoing, problem);
    }

    private static void Record(string direction, ProbeReason reason, TimeSpan latency) =>
        OperatorTelemetry.ProbeDuration.Record(
            latency.TotalSeconds,
            new KeyValuePair<string, object?>("direction", direction),
            new KeyValuePair<string, object?>("reason", reason.ToString()));

    [LoggerMessage(Level = LogLevel.Information, Message = "Verified {Key}: incoming {IncomingReason} in {IncomingMs:F0} ms, outgoing {OutgoingReason} in {OutgoingMs:F0} ms")]
    private static partial void LogVerified(ILogger logger, ObjectKey key, ProbeReason incomingReason, double incomingMs, ProbeReason outgoingReason, double outgoingMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Verification of {Key} failed unexpectedly; retrying later")]
    private static partial void LogVerificationFailed(ILogger logger, ObjectKey key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not verifying {Key}: {Problem}")]
    private static partial void LogCredentialsProblem(ILogger logger, ObjectKey key, string problem);
}
