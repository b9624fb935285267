using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;

namespace MailServerOperator.Probing;

/// <summary>MailKit's capability flags under the names the servers use on the wire (CAPA, CAPABILITY, EHLO).</summary>
internal static class CapabilityNames
{
    private static readonly Dictionary<Pop3Capabilities, string> Pop3Names = new()
    {
        [Pop3Capabilities.Apop] = "APOP",
        [Pop3Capabilities.Expire] = "EXPIRE",
        [Pop3Capabilities.LoginDelay] = "LOGIN-DELAY",
        [Pop3Capabilities.Pipelining] = "PIPELINING",
        [Pop3Capabilities.ResponseCodes] = "RESP-CODES",
        [Pop3Capabilities.Sasl] = "SASL",
        [Pop3Capabilities.StartTLS] = "STLS",
        [Pop3Capabilities.Top] = "TOP",
        [Pop3Capabilities.UIDL] = "UIDL",
        [Pop3Capabilities.User] = "USER",
        [Pop3Capabilities.UTF8] = "UTF8",
        [Pop3Capabilities.UTF8User] = "UTF8 USER",
        [Pop3Capabilities.Lang] = "LANG",
    };

    private static readonly Dictionary<SmtpCapabilities, string> SmtpNames = new()
    {
        [SmtpCapabilities.Size] = "SIZE",
        [SmtpCapabilities.Dsn] = "DSN",
        [SmtpCapabilities.EnhancedStatusCodes] = "ENHANCEDSTATUSCODES",
        [SmtpCapabilities.Authentication] = "AUTH",
        [SmtpCapabilities.EightBitMime] = "8BITMIME",
        [SmtpCapabilities.Pipelining] = "PIPELINING",
        [SmtpCapabilities.BinaryMime] = "BINARYMIME",
        [SmtpCapabilities.Chunking] = "CHUNKING",
        [SmtpCapabilities.StartTLS] = "STARTTLS",
        [SmtpCapabilities.UTF8] = "SMTPUTF8",
        [SmtpCapabilities.RequireTLS] = "REQUIRETLS",
    };

    /// <summary>IMAP names that are not simply the flag's name in upper case.</summary>
    private static readonly Dictionary<ImapCapabilities, string> ImapNames = new()
    {
        [ImapCapabilities.IMAP4rev1] = "IMAP4rev1",
        [ImapCapabilities.IMAP4rev2] = "IMAP4rev2",
        [ImapCapabilities.LiteralPlus] = "LITERAL+",
        [ImapCapabilities.LiteralMinus] = "LITERAL-",
        [ImapCapabilities.SaslIR] = "SASL-IR",
        [ImapCapabilities.LoginReferrals] = "LOGIN-REFERRALS",
        [ImapCapabilities.MailboxReferrals] = "MAILBOX-REFERRALS",
        [ImapCapabilities.ListExtended] = "LIST-EXTENDED",
        [ImapCapabilities.ListStatus] = "LIST-STATUS",
        [ImapCapabilities.ListMyRights] = "LIST-MYRIGHTS",
        [ImapCapabilities.SpecialUse] = "SPECIAL-USE",
        [ImapCapabilities.CreateSpecialUse] = "CREATE-SPECIAL-USE",
        [ImapCapabilities.QuickResync] = "QRESYNC",
        [ImapCapabilities.GMailExt1] = "X-GM-EXT-1",
        [ImapCapabilities.FuzzySearch] = "SEARCH=FUZZY",
        [ImapCapabilities.SearchResults] = "SEARCHRES",
        [ImapCapabilities.SortDisplay] = "SORT=DISPLAY",
        [ImapCapabilities.UTF8Accept] = "UTF8=ACCEPT",
        [ImapCapabilities.UTF8Only] = "UTF8=ONLY",
        [ImapCapabilities.Compress] = "COMPRESS=DEFLATE",
        [ImapCapabilities.MetadataServer] = "METADATA-SERVER",
        [ImapCapabilities.StatusSize] = "STATUS=SIZE",
        [ImapCapabilities.Annotate] = "ANNOTATE-EXPERIMENT-1",
        [ImapCapabilities.Context] = "CONTEXT=SEARCH",
    };

    public static IReadOnlyList<string> Of(Pop3Capabilities capabilities) =>
        Flags(capabilities, Pop3Capabilities.None, flag => Pop3Names.GetValueOrDefault(flag, flag.ToString().ToUpperInvariant()));

    public static IReadOnlyList<string> Of(SmtpCapabilities capabilities) =>
        Flags(capabilities, SmtpCapabilities.None, flag => SmtpNames.GetValueOrDefault(flag, flag.ToString().ToUpperInvariant()));

    public static IReadOnlyList<string> Of(ImapCapabilities capabilities) =>
        Flags(capabilities, ImapCapabilities.None, flag => ImapNames.GetValueOrDefault(flag, flag.ToString().ToUpperInvariant()));

    /// <summary>SASL mechanism names, sorted, for results and messages.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> mechanisms) =>
        [.. mechanisms.Select(m => m.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)];

    private static List<string> Flags<T>(T value, T none, Func<T, string> name)
        where T : struct, Enum =>
        [.. Enum.GetValues<T>().Where(flag => !flag.Equals(none) && IsSingleFlag(flag) && value.HasFlag(flag)).Select(name)];

    private static bool IsSingleFlag<T>(T flag)
        where T : struct, Enum
    {
        var bits = Convert.ToUInt64(flag, System.Globalization.CultureInfo.InvariantCulture);
        return bits != 0 && (bits & (bits - 1)) == 0;
    }
}
