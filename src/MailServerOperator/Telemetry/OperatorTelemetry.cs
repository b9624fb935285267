using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MailServerOperator.Telemetry;

/// <summary>The operator's one ActivitySource and one Meter, and the instruments on it.</summary>
internal static class OperatorTelemetry
{
    public const string Name = "MailServerOperator";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> QueueAdds = Meter.CreateCounter<long>("mailserver_operator_workqueue_adds_total", description: "Keys added to the work queue.");
    public static readonly Counter<long> QueueRetries = Meter.CreateCounter<long>("mailserver_operator_workqueue_retries_total", description: "Rate-limited requeues after a failed reconcile.");
    public static readonly Counter<long> Reconciles = Meter.CreateCounter<long>("mailserver_operator_reconcile_total", description: "Reconciles by result (success, error, requeue_after).");
    public static readonly Histogram<double> ReconcileDuration = Meter.CreateHistogram("mailserver_operator_reconcile_duration_seconds", unit: "s", description: "Time spent in one reconcile.",
        advice: Seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10));
    public static readonly Counter<long> StatusWrites = Meter.CreateCounter<long>("mailserver_operator_status_writes_total", description: "Status subresource patches sent.");
    public static readonly Histogram<double> ProbeDuration = Meter.CreateHistogram("mailserver_operator_probe_duration_seconds", unit: "s", description: "Time one mail-server probe took, by direction and reason.",
        advice: Seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60));
    public static readonly Counter<long> AdmissionReviews = Meter.CreateCounter<long>("mailserver_operator_admission_reviews_total", description: "Admission reviews answered, by operation and whether allowed.");
    public static readonly Histogram<double> AdmissionDuration = Meter.CreateHistogram("mailserver_operator_admission_duration_seconds", unit: "s", description: "Time from an admission review's arrival to its answer.",
        advice: Seconds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5));
    public static readonly Counter<long> Events = Meter.CreateCounter<long>("mailserver_operator_events_total", description: "Events by action: create, countup (a repeat counted on its series) or drop (rate-limited).");
    public static readonly Counter<long> WatchRestarts = Meter.CreateCounter<long>("mailserver_operator_watch_restarts_total", description: "Watch restarts by reason (closed, gone, error, silent).");

    /// <summary>Bucket boundaries in seconds: OpenTelemetry's default ones (0, 5, 10, 25 ... 10000) are meant for milliseconds.</summary>
    private static InstrumentAdvice<double> Seconds(params double[] boundaries) => new() { HistogramBucketBoundaries = boundaries };
}
