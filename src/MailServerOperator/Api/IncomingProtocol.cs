using System.Text.Json.Serialization;

namespace MailServerOperator.Api;

[JsonConverter(typeof(JsonStringEnumConverter<IncomingProtocol>))]
internal enum IncomingProtocol
{
    [JsonStringEnumMemberName("POP3")] Pop3,
    [JsonStringEnumMemberName("IMAP4")] Imap4,
}
