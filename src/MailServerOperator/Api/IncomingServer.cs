using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace MailServerOperator.Api;

internal sealed record IncomingServer
{
    [Required]
    public IncomingProtocol? Protocol { get; init; }
    [Required]
    public string? Host { get; init; }
    public int? Port { get; init; }
    public TlsMode? Tls { get; init; }
    public bool? Apop { get; init; }
    [JsonConverter(typeof(IntOrStringJsonConverter))]
    public string? MaxMessageSize { get; init; }
    public RetentionSpec? Retention { get; init; }
}
