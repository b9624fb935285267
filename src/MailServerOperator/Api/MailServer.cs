using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace MailServerOperator.Api;

/// <summary>A mail server entry of the mail-sharing application (mailshare.io/v1alpha1, kind MailServer).</summary>
internal sealed record MailServer
{
    public const string Group = "mailshare.io";
    public const string Version = "v1alpha1";
    public const string Plural = "mailservers";
    public const string KindName = "MailServer";
    public const string ApiVersionName = Group + "/" + Version;

    public string? ApiVersion { get; init; } = ApiVersionName;
    public string? Kind { get; init; } = KindName;
    public V1ObjectMeta Metadata { get; init; } = new();
    [Required]
    public MailServerSpec? Spec { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MailServerStatus? Status { get; init; }
}
