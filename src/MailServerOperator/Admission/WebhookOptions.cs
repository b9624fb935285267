using MailServerOperator.Certificates;

namespace MailServerOperator.Admission;

/// <summary>The validating admission webhook that the operator serves itself (<c>run</c> flags <c>--webhook-*</c>).</summary>
internal sealed class WebhookOptions
{
    /// <summary>The path in the ValidatingWebhookConfiguration's clientConfig.</summary>
    public const string Path = "/validate-mailshare-io-v1alpha1-mailserver";

    public bool Enabled { get; set; } = true;

    /// <summary>Open connections to the webhook's port at most; more are closed at once (the apiserver reuses a few).</summary>
    public int MaxConnections { get; set; } = 128;

    /// <summary>Where HTTPS is served: <c>https://HOST:PORT</c>, <c>HOST:PORT</c> or <c>:PORT</c>; port 0 picks a free one.</summary>
    public string BindAddress { get; set; } = "https://0.0.0.0:9443";

    /// <summary>
    /// The user name the operator's own requests reach the apiserver with (in a cluster
    /// <c>system:serviceaccount:NAMESPACE:NAME</c>): only it may create, change or delete the built-ins.
    /// </summary>
    public string OperatorUserName { get; set; } = "";

    /// <summary>Accept probe credentials on servers reached with <c>tls: None</c>: the same flag as the reconciler's.</summary>
    public bool AllowPlaintextCredentials { get; set; }

    /// <summary>The Service in front of the webhook; its DNS names go into the serving certificate.</summary>
    public string ServiceName { get; set; } = "mailserver-operator-webhook";

    /// <summary>The operator's namespace: the Service's and the certificate Secret's.</summary>
    public string ServiceNamespace { get; set; } = "mailserver-operator-system";

    /// <summary>The ValidatingWebhookConfiguration whose caBundle the operator keeps current.</summary>
    public string ConfigurationName { get; set; } = "mailserver-operator";

    /// <summary>The Secret (in <see cref="ServiceNamespace"/>) where the replicas share the serving certificate and the CA bundle.</summary>
    public string SecretName { get; set; } = "mailserver-operator-webhook-tls";

    /// <summary>The Secret (in <see cref="ServiceNamespace"/>) with the CA and its key: read and written by the leader only.</summary>
    public string AuthoritySecretName { get; set; } = "mailserver-operator-webhook-ca";

    /// <summary>
    /// A directory with <c>tls.crt</c> and <c>tls.key</c> from elsewhere (cert-manager): served as they are and re-read when
    /// they change; the operator then issues no certificate and leaves the caBundle alone.
    /// </summary>
    public string? CertificateDirectory { get; set; }

    public WebhookCertificateOptions Certificates { get; set; } = new();
}
