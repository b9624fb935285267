using System.Text.Json.Serialization;

namespace MailServerOperator.Api;

[JsonConverter(typeof(JsonStringEnumConverter<SmtpAuthMechanism>))]
internal enum SmtpAuthMechanism
{
    None,
    [JsonStringEnumMemberName("PLAIN")] Plain,
    [JsonStringEnumMemberName("LOGIN")] Login,
    [JsonStringEnumMemberName("CRAM-MD5")] CramMd5,
    [JsonStringEnumMemberName("XOAUTH2")] XOAuth2,
}
