using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace MailServerOperator.Api;

internal sealed record OutgoingServer
{
    [Required]
    public string? Host { get; init; }
    public int? Port { get; init; }
    public TlsMode? Tls { get; init; }
    public SmtpAuthentication? Authentication { get; init; }
    [JsonConverter(typeof(IntOrStringJsonConverter))]
    public string? MaxMessageSize { get; init; }
}
