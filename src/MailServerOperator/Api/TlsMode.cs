using System.Text.Json.Serialization;

namespace MailServerOperator.Api;

[JsonConverter(typeof(JsonStringEnumConverter<TlsMode>))]
internal enum TlsMode
{
    None,
    StartTls,
    Implicit,
}
