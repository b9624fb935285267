using System.Text;
using System.Text.Json;
using MailServerOperator.Manifests;
using MailServerOperator.Probing;
using MailServerOperator.Validation;
using MailServerOperator.Verification;

namespace MailServerOperator.Cli;

/// <summary>Validates, then probes, every MailServer in the files; a few at a time, each with its own deadline.</summary>
internal static class ManifestProbe
{
    private const int Parallelism = 8;

    public static async Task<IReadOnlyList<ProbeRow>> RunAsync(IReadOnlyList<ManifestFile> files, IMailServerProber prober, CancellationToken cancellationToken)
    {
        var documents = files.SelectMany(f => f.Documents).Where(d => d.Content.ValueKind == JsonValueKind.Object).ToList();
        var secrets = documents.Where(d => d.Kind == "Secret" && d.Name is not null).ToDictionary(d => (d.Namespace ?? "", d.Name!), d => d.Content);
        var servers = documents.Where(ManifestValidation.IsMailServer).ToList();
        var rows = new ProbeRow[servers.Count];
        await Parallel.ForAsync(0, servers.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
            rows[i] = await ProbeAsync(servers[i], secrets, prober, ct));
        return rows;
    }

    private static async Task<ProbeRow> ProbeAsync(ManifestDocument document, Dictionary<(string, string), JsonElement> secrets, IMailServerProber prober, CancellationToken cancellationToken)
    {
        var name = document.Namespace is { Length: > 0 } ns ? $"{ns}/{document.Name}" : document.Name ?? "(no name)";
        var report = MailServerValidator.Validate(document.Content);
        if (report.HasErrors || report.Server?.Spec is not { Incoming: { } incoming, Outgoing: { } outgoing } spec)
        {
            return new ProbeRow(name, null, null, "invalid: " + string.Join("; ", report.Errors));
        }

        ProbeCredentials? credentials = null;
        if (spec.Probe?.CredentialsSecretRef?.Name is { } secretName)
        {
            credentials = ReadCredentials(secrets, document.Namespace ?? "", secretName);
            if (credentials is null)
            {
                return new ProbeRow(name, null, null, $"Secret {secretName} with username and password keys is not among the files; no login attempted");
            }
        }

        var outgoingCredentials = ProbeTargets.OutgoingCredentials(outgoing, credentials);
        var incomingTask = prober.ProbeIncomingAsync(ProbeTargets.Incoming(incoming), credentials, cancellationToken);
        var outgoingTask = prober.ProbeOutgoingAsync(ProbeTargets.Outgoing(outgoing), outgoingCredentials, cancellationToken);
        return new ProbeRow(name, await incomingTask, await outgoingTask, null);
    }

    private static ProbeCredentials? ReadCredentials(Dictionary<(string, string), JsonElement> secrets, string @namespace, string name)
    {
        if (!secrets.TryGetValue((@namespace, name), out var secret))
        {
            return null;
        }

        var username = Value(secret, ProbeCredentialsReader.UsernameKey);
        var password = Value(secret, ProbeCredentialsReader.PasswordKey);
        return username is { Length: > 0 } && password is { Length: > 0 } ? new ProbeCredentials(username, password) : null;
    }

    private static string? Value(JsonElement secret, string key)
    {
        if (secret.TryGetProperty("stringData", out var stringData) && stringData.TryGetProperty(key, out var text) && text.ValueKind == JsonValueKind.String)
        {
            return text.GetString();
        }

        if (secret.TryGetProperty("data", out var data) && data.TryGetProperty(key, out var encoded) && encoded.ValueKind == JsonValueKind.String)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(encoded.GetString()!));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }
}
