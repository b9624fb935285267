namespace MailServerOperator.Api;

/// <summary>The names of the built-in entries: only the operator creates MailServers with these names.</summary>
internal static class ReservedMailServerNames
{
    public const string Gmail = "gmail";
    public const string ExchangeOnline = "exchange-online";

    public static IReadOnlyList<string> All { get; } = [Gmail, ExchangeOnline];

    public static bool IsReserved(string? name) => name is Gmail or ExchangeOnline;
}
