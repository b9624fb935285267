using System.CommandLine;

namespace MailServerOperator.Cli;

/// <summary>
/// <c>--ca-bundle FILE</c>: one name in every verb that checks a mail server's certificate (<c>run</c>, <c>probe</c>,
/// <c>discover</c>), and the name the certificate condition tells the user to use.
/// </summary>
internal static class CaBundleOption
{
    public const string Name = "--ca-bundle";

    public static Option<string?> Create() => new(Name)
    {
        Description = "PEM file of extra certificate authorities (a private CA) trusted for mail servers' certificates, besides the system roots.",
        HelpName = "FILE",
    };
}
