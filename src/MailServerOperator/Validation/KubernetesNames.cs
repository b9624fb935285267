using System.Text.RegularExpressions;

namespace MailServerOperator.Validation;

/// <summary>The object-name rules of the API server (k8s.io/apimachinery validation: IsDNS1123Subdomain, IsDNS1123Label).</summary>
internal static partial class KubernetesNames
{
    public const int MaxSubdomainLength = 253;
    public const int MaxLabelLength = 63;

    /// <summary>Null when <paramref name="name"/> is a valid object name (an RFC 1123 subdomain), otherwise why not.</summary>
    public static string? SubdomainProblem(string name)
    {
        if (name.Length > MaxSubdomainLength)
        {
            return $"must be at most {MaxSubdomainLength} characters";
        }

        return Subdomain().IsMatch(name)
            ? null
            : $"\"{name}\" is not a valid name: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (for example example-isp)";
    }

    /// <summary>Null when <paramref name="name"/> is a valid namespace name (an RFC 1123 label), otherwise why not.</summary>
    public static string? LabelProblem(string name)
    {
        if (name.Length > MaxLabelLength)
        {
            return $"must be at most {MaxLabelLength} characters";
        }

        return Label().IsMatch(name)
            ? null
            : $"\"{name}\" is not a valid namespace name: use lowercase letters, digits and '-', starting and ending with a letter or digit (for example mail-share)";
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
