using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Validation;

public sealed class HostAddressTests
{
    private const string PortField = "spec.incoming.port";

    [Theory]
    [InlineData("pop.example.jp")]
    [InlineData("pop.example.jp.")]
    [InlineData("POP.Example.JP")]
    [InlineData("localhost")]
    [InlineData("mail-1.a.example")]
    [InlineData("xn--eckwd4c7c.example.jp")]
    [InlineData("123.example.jp")]
    [InlineData("192.0.2.10")]
    [InlineData("255.255.255.255")]
    [InlineData("2001:db8::25")]
    [InlineData("::1")]
    [InlineData("::ffff:192.0.2.1")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123.example")]
    public void Problem_ValidHost_IsNull(string host)
    {
        Assert.Null(HostAddress.Problem(host, PortField));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("  ", "must not be empty")]
    [InlineData("pop3://user@pop.example.jp", "not a URL, and never holds a user name or password")]
    [InlineData("pop3://user:secret@pop.example.jp:995", "write \"pop.example.jp\"")]
    [InlineData("smtps://smtp.example.jp", "not a URL: write \"smtp.example.jp\"")]
    [InlineData("user@pop.example.jp", "must not contain user data")]
    [InlineData("user:secret@pop.example.jp:995", "write \"pop.example.jp\"")]
    [InlineData("pop.example.jp/inbox", "not a URL or path")]
    [InlineData("pop.example.jp:995", "write \"pop.example.jp\" and set spec.incoming.port: 995")]
    [InlineData("192.0.2.10:110", "write \"192.0.2.10\" and set spec.incoming.port: 110")]
    [InlineData("[2001:db8::25]:993", "write \"2001:db8::25\" and set spec.incoming.port: 993")]
    [InlineData("pop.example.jp:pop3s", "must not include a port")]
    [InlineData("[2001:db8::25]", "without brackets")]
    [InlineData("2001:db8::zz", "not a valid IPv6 address")]
    [InlineData("fe80::1%eth0", "not a valid IPv6 address")]
    [InlineData("pop example.jp", "spaces")]
    [InlineData("pop\t.example.jp", "spaces")]
    [InlineData("mail_server.example.jp", "'_' is not allowed")]
    [InlineData("-pop.example.jp", "must start and end with a letter or digit")]
    [InlineData("pop-.example.jp", "must start and end with a letter or digit")]
    [InlineData("pop..example.jp", "empty label")]
    [InlineData(".example.jp", "empty label")]
    [InlineData("pop!.example.jp", "only letters, digits and '-'")]
    [InlineData("メール.example.jp", "punycode")]
    [InlineData("999.1.1.1", "not a valid IPv4 address")]
    [InlineData("192.0.2", "not a valid IPv4 address")]
    [InlineData("example.123", "last label cannot be all digits")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234.example", "longer than 63")]
    public void Problem_InvalidHost_ExplainsTheMistake(string host, string message)
    {
        var problem = HostAddress.Problem(host, PortField);

        Assert.NotNull(problem);
        Assert.Contains(message, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pop3://user:hunter2@pop.example.jp")]
    [InlineData("user:hunter2@pop.example.jp")]
    [InlineData("user:hunter2@pop.example.jp:995")]
    public void Problem_UserDataWithPassword_RefusedWithoutEchoingThePassword(string host)
    {
        var problem = HostAddress.Problem(host, PortField);

        Assert.NotNull(problem);
        Assert.Contains("pop.example.jp", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_NameLongerThan253_IsRefused()
    {
        var host = string.Join('.', Enumerable.Repeat("abcdefghij", 24)) + ".example";

        Assert.Contains("at most 253", HostAddress.Problem(host, PortField), StringComparison.Ordinal);
    }
}
