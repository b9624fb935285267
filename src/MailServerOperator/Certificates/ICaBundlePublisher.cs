namespace MailServerOperator.Certificates;

/// <summary>Makes the apiserver trust the webhook's CA.</summary>
internal interface ICaBundlePublisher
{
    Task<CaBundlePublication> PublishAsync(byte[] caBundle, CancellationToken cancellationToken);
}
