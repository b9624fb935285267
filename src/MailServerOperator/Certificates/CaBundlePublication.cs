namespace MailServerOperator.Certificates;

internal enum CaBundlePublication
{
    /// <summary>Every webhook of the configuration already had this caBundle.</summary>
    Unchanged,

    Updated,

    /// <summary>The ValidatingWebhookConfiguration does not exist (yet).</summary>
    ConfigurationMissing,

    /// <summary>The configuration changed between the read and the patch: nothing was written.</summary>
    Conflict,

    /// <summary>
    /// The configuration already trusts an operator CA newer than any in this bundle: whoever publishes this read its
    /// Secret before that CA was made, and a patch would roll the caBundle back. Nothing was written.
    /// </summary>
    NewerPublished,
}
