using System.Text.Json;

namespace MailServerOperator.Api;

/// <summary>The one set of JSON options for MailServer objects (<see cref="MailServerJsonContext"/>, which says what they are).</summary>
internal static class MailServerJson
{
    public static JsonSerializerOptions Options => MailServerJsonContext.Default.Options;
}
