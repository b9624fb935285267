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
    public static readonly Histogram<double> ReconcileDuration = Meter.CreateHistogram<double>("mailserver_operator_reconcile_duration_seconds", unit: "s", description: "Time spent in one reconcile.");
    public static readonly Counter<long> StatusWrites = Meter.CreateCounter<long>("mailserver_operator_status_writes_total", description: "Status subresource patches sent.");
    public static readonly Histogram<double> ProbeDuration = Meter.CreateHistogram<double>("mailserver_operator_probe_duration_seconds", unit: "s", description: "Time one mail-server probe took, by direction and reason.");
    public static readonly Counter<long> AdmissionReviews = Meter.CreateCounter<long>("mailserver_operator_admission_reviews_total", description: "Admission reviews answered, by operation and whether allowed.");
    public static readonly Histogram<double> AdmissionDuration = Meter.CreateHistogram<double>("mailserver_operator_admission_duration_seconds", unit: "s", description: "Time from an admission review's arrival to its answer.");
    public static readonly Counter<long> WatchRestarts = Meter.CreateCounter<long>("mailserver_operator_watch_restarts_total", description: "Watch restarts by reason (closed, gone, error, silent).");
}
