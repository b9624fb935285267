namespace MailServerOperator.Certificates;

/// <summary>
/// When to replace what. A serving certificate is replaced after <see cref="WebhookCertificateOptions.RenewalFraction"/>
/// of its life, when it lacks a name, or when no trusted CA signed it. The CA is replaced after the same fraction of its
/// life; the serving certificate it signed stays in use and the old CA stays in the caBundle until it expires, so the
/// apiserver trusts the next serving certificate (signed by the new CA) long before it is served, and no request ever
/// meets a certificate that the caBundle does not cover.
/// </summary>
internal static class CertificateRotation
{
    public static RotationPlan Decide(WebhookCertificates? current, ServingNames names, DateTimeOffset now, WebhookCertificateOptions options)
    {
        if (current is null)
        {
            return new RotationPlan(true, true, false, ["no CA and serving certificate yet"]);
        }

        var reasons = new List<string>();
        var newAuthority = now >= CertificateFactory.RenewalTime(current.Authority, options);
        if (newAuthority)
        {
            reasons.Add($"the CA is due for renewal (it expires {CertificateFactory.NotAfter(current.Authority):u})");
        }

        var previousValid = current.PreviousAuthority is { } previous && now < CertificateFactory.NotAfter(previous);
        var dropPrevious = current.PreviousAuthority is not null && !previousValid && !newAuthority;
        if (dropPrevious)
        {
            reasons.Add("the previous CA has expired");
        }

        var issuedByCurrent = CertificateFactory.IsIssuedBy(current.Serving, current.Authority);
        var issuedByPrevious = !issuedByCurrent && previousValid && CertificateFactory.IsIssuedBy(current.Serving, current.PreviousAuthority!);
        var servingReason =
            !issuedByCurrent && !issuedByPrevious ? "the serving certificate was not signed by a CA in the caBundle"
            : issuedByPrevious && newAuthority ? "the serving certificate was signed by the CA that leaves the caBundle now"
            : now >= CertificateFactory.RenewalTime(current.Serving, options) ? $"the serving certificate is due for renewal (it expires {CertificateFactory.NotAfter(current.Serving):u})"
            : !names.AreCoveredBy(current.Serving) ? "the serving certificate lacks a name the webhook is reached by"
            : null;
        if (servingReason is not null)
        {
            reasons.Add(servingReason);
        }

        return reasons.Count == 0 ? RotationPlan.Keep : new RotationPlan(newAuthority, servingReason is not null, dropPrevious, reasons);
    }

    /// <summary>Carries out <paramref name="plan"/>: the certificates to store and serve from now on.</summary>
    public static WebhookCertificates Apply(WebhookCertificates? current, RotationPlan plan, ServingNames names, DateTimeOffset now, WebhookCertificateOptions options)
    {
        var authority = plan.NewAuthority || current is null ? CertificateFactory.CreateAuthority(now, options) : current.Authority;
        var previous = current is null ? null
            : plan.NewAuthority ? current.Authority
            : plan.DropPreviousAuthority ? null
            : current.PreviousAuthority;
        var serving = plan.NewServing || current is null ? CertificateFactory.IssueServing(authority, names, now, options) : current.Serving;
        return new WebhookCertificates(authority, previous, serving);
    }
}
