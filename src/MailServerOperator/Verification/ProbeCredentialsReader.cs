using System.Net;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Probing;

namespace MailServerOperator.Verification;

/// <summary>
/// Reads spec.probe.credentialsSecretRef (keys username and password) from the MailServer's own namespace, by name
/// only. A Secret is used only when it opts in with the label <see cref="EnabledLabel"/>: "true"; a missing and an
/// unlabelled Secret get the same answer, so status never tells a tenant whether someone else's Secret exists.
/// </summary>
internal sealed class ProbeCredentialsReader(IKubernetes client, TimeProvider time)
{
    public const string UsernameKey = "username";
    public const string PasswordKey = "password";
    public const string EnabledLabel = "mailshare.io/probe-credentials";
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    // The stamps are compared in this process only; a per-process key keeps them useless for guessing a password.
    private static readonly byte[] StampKey = RandomNumberGenerator.GetBytes(32);

    public async Task<CredentialsLookup> ReadAsync(string @namespace, SecretReference? reference, CancellationToken cancellationToken)
    {
        if (reference?.Name is not { Length: > 0 } name)
        {
            return CredentialsLookup.None;
        }

        using var deadline = new CancellationTokenSource(ReadTimeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        V1Secret secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: timeout.Token);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return Unavailable(NotEnabled(name));
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            return Unavailable($"the operator may not read Secrets in this namespace (RBAC: grant it get on secrets here, see docs/security.md); Secret \"{name}\" was not read and no login was attempted");
        }
        catch (HttpOperationException ex)
        {
            return ReadFailed(name, $"the API server answered {(int)ex.Response.StatusCode} {ex.Response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ReadFailed(name, $"the API server did not answer within {ReadTimeout.TotalSeconds:F0} s");
        }
        catch (HttpRequestException ex)
        {
            return ReadFailed(name, $"the API server could not be reached ({ex.HttpRequestError})");
        }

        if (secret.Metadata?.Labels is not { } labels || !labels.TryGetValue(EnabledLabel, out var enabled) || enabled != "true")
        {
            return Unavailable(NotEnabled(name));
        }

        var data = secret.Data ?? new Dictionary<string, byte[]>();
        var missing = new[] { UsernameKey, PasswordKey }.Where(k => !data.TryGetValue(k, out var v) || v.Length == 0).ToList();
        if (missing.Count > 0)
        {
            return Unavailable($"the probe Secret \"{name}\" has no {string.Join(" or ", missing)} key; no login was attempted");
        }

        var stamp = Stamp([.. data[UsernameKey], 0, .. data[PasswordKey]]);
        return new CredentialsLookup(new ProbeCredentials(Encoding.UTF8.GetString(data[UsernameKey]), Encoding.UTF8.GetString(data[PasswordKey])), null, stamp)
        {
            ChangedAt = LastChanged(secret.Metadata),
        };
    }

    private static DateTimeOffset? LastChanged(V1ObjectMeta metadata)
    {
        var latest = metadata.CreationTimestamp;
        foreach (var entry in metadata.ManagedFields ?? [])
        {
            if (entry.Time > latest || latest is null)
            {
                latest = entry.Time;
            }
        }

        return latest is { } time ? new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime()) : null;
    }

    private static string NotEnabled(string name) =>
        $"Secret \"{name}\" is not enabled for probes: a probe Secret must be in this namespace and labelled {EnabledLabel}: \"true\"; no login was attempted";

    private static CredentialsLookup Unavailable(string message) =>
        new(null, VerificationProblem.Unavailable(message), Stamp(Encoding.UTF8.GetBytes(message)));

    // A transient failure says nothing about the Secret: no stamp, so a watcher neither re-verifies nor forgets.
    private static CredentialsLookup ReadFailed(string name, string what) =>
        new(null, VerificationProblem.ReadFailed($"the probe Secret \"{name}\" could not be read: {what}; retrying soon"), null);

    private static string Stamp(byte[] content) => Convert.ToHexStringLower(HMACSHA256.HashData(StampKey, content))[..16];
}
