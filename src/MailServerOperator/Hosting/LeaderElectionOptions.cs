namespace MailServerOperator.Hosting;

internal sealed class LeaderElectionOptions
{
    public bool Enabled { get; set; } = true;

    public string LeaseName { get; set; } = "mailserver-operator";

    /// <summary>Where the Lease lives; the operator's own namespace in a cluster.</summary>
    public string LeaseNamespace { get; set; } = "mailserver-operator-system";

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
