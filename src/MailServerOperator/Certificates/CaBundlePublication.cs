namespace MailServerOperator.Certificates;

internal enum CaBundlePublication
{
    /// <summary>Every webhook of the configuration already had this caBundle.</summary>
    Unchanged,

    Updated,

    /// <summary>The ValidatingWebhookConfiguration does not exist (yet).</summary>
    ConfigurationMissing,
}
