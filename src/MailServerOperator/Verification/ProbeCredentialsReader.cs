using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using MailServerOperator.Api;
using MailServerOperator.Probing;

namespace MailServerOperator.Verification;

/// <summary>Reads spec.probe.credentialsSecretRef (keys username and password) from the MailServer's own namespace.</summary>
internal sealed class ProbeCredentialsReader(IKubernetes client)
{
    public const string UsernameKey = "username";
    public const string PasswordKey = "password";

    public async Task<CredentialsLookup> ReadAsync(string @namespace, SecretReference? reference, CancellationToken cancellationToken)
    {
        if (reference?.Name is not { Length: > 0 } name)
        {
            return CredentialsLookup.None;
        }

        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken);
            var data = secret.Data ?? new Dictionary<string, byte[]>();
            var missing = new[] { UsernameKey, PasswordKey }.Where(k => !data.TryGetValue(k, out var v) || v.Length == 0).ToList();
            return missing.Count > 0
                ? new CredentialsLookup(null, $"Secret {@namespace}/{name} has no {string.Join(" or ", missing)} key; no login was attempted")
                : new CredentialsLookup(new ProbeCredentials(Encoding.UTF8.GetString(data[UsernameKey]), Encoding.UTF8.GetString(data[PasswordKey])), null);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            var why = ex.Response.StatusCode == HttpStatusCode.NotFound ? "does not exist" : "cannot be read by the operator (RBAC)";
            return new CredentialsLookup(null, $"Secret {@namespace}/{name} {why}; no login was attempted");
        }
    }
}
