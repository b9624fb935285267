using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;

namespace MailServerOperator.Probing;

/// <summary>
/// MailKit's capability flags under the names the servers use on the wire (CAPA, CAPABILITY, EHLO), and the SASL
/// mechanisms a server offers: closed sets, so nothing a server makes up reaches a result.
/// </summary>
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

    /// <summary>
    /// The SASL mechanisms a result may name: the registered ones in use (IANA "SASL Mechanisms") and Google's and
    /// Microsoft's XOAUTH2. A server's AUTH list is its own text, so anything else it announces is left out.
    /// </summary>
    private static readonly HashSet<string> KnownMechanisms = new(StringComparer.OrdinalIgnoreCase)
    {
        "ANONYMOUS", "CRAM-MD5", "DIGEST-MD5", "EXTERNAL", "GSSAPI", "GS2-KRB5", "GS2-KRB5-PLUS", "KERBEROS_V4", "KERBEROS_V5",
        "LOGIN", "NTLM", "OAUTHBEARER", "OTP", "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS",
        "SCRAM-SHA-512", "SCRAM-SHA-512-PLUS", "SKEY", "XOAUTH", "XOAUTH2",
    };

    /// <summary>The known SASL mechanisms among <paramref name="mechanisms"/>, upper case and sorted, for results and messages.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> mechanisms) =>
        [.. mechanisms.Where(KnownMechanisms.Contains).Select(m => m.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)];

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
