using System.Text;
using System.Text.Json;
using MailServerOperator.Manifests;
using MailServerOperator.Probing;

namespace MailServerOperator.Discovery;

/// <summary>
/// Test credentials for <c>discover --credentials-file</c>, never from the command line (shell history, ps): a YAML file
/// with <c>username</c> and <c>password</c>, or a Kubernetes Secret with those keys (the probe Secret itself).
/// </summary>
internal static class CredentialsFile
{
    public static bool TryRead(string path, out ProbeCredentials? credentials, out string error)
    {
        credentials = null;
        var file = ManifestReader.ReadFile(path);
        if (file.Problems.Count > 0 && file.Problems[0] is { } problem)
        {
            error = $"--credentials-file: {problem.Message}";
            return false;
        }

        var document = file.Documents.Select(d => d.Content).FirstOrDefault(c => c.ValueKind == JsonValueKind.Object);
        var username = document.ValueKind == JsonValueKind.Object ? Value(document, "username") : null;
        var password = document.ValueKind == JsonValueKind.Object ? Value(document, "password") : null;
        if (username is not { Length: > 0 } || password is not { Length: > 0 })
        {
            // The file's content is never echoed: it holds a password.
            error = $"--credentials-file: {path} must hold username and password (top-level keys, or a Secret's stringData or data)";
            return false;
        }

        credentials = new ProbeCredentials(username, password);
        error = string.Empty;
        return true;
    }

    private static string? Value(JsonElement document, string key)
    {
        if (document.TryGetProperty(key, out var plain) && plain.ValueKind == JsonValueKind.String)
        {
            return plain.GetString();
        }

        if (document.TryGetProperty("stringData", out var stringData) && stringData.ValueKind == JsonValueKind.Object
            && stringData.TryGetProperty(key, out var text) && text.ValueKind == JsonValueKind.String)
        {
            return text.GetString();
        }

        if (document.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty(key, out var encoded) && encoded.ValueKind == JsonValueKind.String)
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
