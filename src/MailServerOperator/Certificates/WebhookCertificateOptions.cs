namespace MailServerOperator.Certificates;

/// <summary>Lifetimes and checks of the CA and serving certificate that the operator issues for its webhook.</summary>
internal sealed class WebhookCertificateOptions
{
    public TimeSpan AuthorityLifetime { get; set; } = TimeSpan.FromDays(365);

    public TimeSpan ServingLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>A certificate is replaced once this fraction of its life has passed: a 90-day one after 60 days.</summary>
    public double RenewalFraction { get; set; } = 2.0 / 3.0;

    /// <summary>How often the Secret (another replica may have rotated) and the caBundle are checked.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first wait after a failed check; it doubles up to <see cref="CheckInterval"/>.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How far NotBefore is back-dated, for clocks that run behind.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
