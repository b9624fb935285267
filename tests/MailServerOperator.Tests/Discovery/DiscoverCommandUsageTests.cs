using System.CommandLine;
using MailServerOperator.Cli;

namespace MailServerOperator.Tests.Discovery;

/// <summary>Usage errors are found before any network traffic: exit 2, one line, never a stack trace.</summary>
public sealed class DiscoverCommandUsageTests
{
    [Theory]
    [InlineData("not a domain")]
    [InlineData("example.com", "--timeout", "0s")]
    [InlineData("example.com", "--timeout", "soon")]
    [InlineData("example.com", "--dns-server", "1.2.3.4:99999")]
    [InlineData("example.com", "--protocol", "SMTP")]
    [InlineData("example.com", "--name", "Not_A_Name")]
    [InlineData("example.com", "--namespace", "a.b")]
    [InlineData("example.com", "--autoconfig-url", "ftp://example.com/config.xml")]
    [InlineData("example.com", "--autoconfig-url", "https://user:pw@example.com/config.xml")]
    [InlineData("example.com", "--ca-bundle", "/nonexistent/ca.pem")]
    [InlineData("example.com", "--credentials-file", "/nonexistent/credentials.yaml")]
    [InlineData("example.com", "--port-map", "993")]
    [InlineData("example.com", "--unknown-option")]
    public async Task Discover_BadUsage_ExitsTwoWithoutAStackTrace(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await OperatorCommandLine.InvokeAsync(["discover", .. arguments], new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(2, exit);
        Assert.DoesNotContain("apiVersion", output.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(error.ToString());
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }
}
