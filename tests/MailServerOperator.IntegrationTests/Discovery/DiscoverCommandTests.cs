using System.Globalization;
using MailServerOperator.Manifests;
using MailServerOperator.Validation;
using Xunit.Abstractions;

namespace MailServerOperator.IntegrationTests.Discovery;

/// <summary>
/// <c>discover</c> against a real DNS server (dnsmasq), real Dovecot and an in-test autoconfig web server, all on
/// loopback: each source finding settings, their precedence, refused candidates, hostile documents, bounded time.
/// </summary>
[Collection(DiscoveryTests.Name)]
public sealed class DiscoverCommandTests(DiscoveryFixture mail, ITestOutputHelper log)
{
    [Fact]
    public async Task Discover_SrvRecords_PrintsVerifiedImplicitTlsServersThatPassValidate()
    {
        await using var dns = await Dnsmasq.StartAsync(
            ["imap.srv.test", "smtp.srv.test"],
            Srv("_imaps._tcp.srv.test", "imap.srv.test", mail.Imaps),
            Srv("_imap._tcp.srv.test", "imap.srv.test", mail.Imap),
            Srv("_submissions._tcp.srv.test", "smtp.srv.test", mail.Submissions),
            Srv("_submission._tcp.srv.test", "smtp.srv.test", mail.Submission));

        var run = await mail.DiscoverAsync(dns, null, "alice@srv.test");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        var spec = Spec(run);
        Assert.Equal(("IMAP4", "imap.srv.test", mail.Imaps, "Implicit"), Incoming(spec));
        Assert.Equal(("smtp.srv.test", mail.Submissions, "Implicit"), Outgoing(spec));
        Assert.Equal(Api.SmtpAuthMechanism.Plain, spec.Outgoing!.Authentication!.Mechanism);
        Assert.Equal("10Mi", spec.Outgoing!.MaxMessageSize);
        Assert.Contains("# DNS SRV _imaps._tcp.srv.test (priority 0, weight 10)", run.Output, StringComparison.Ordinal);
        Assert.Contains("login and INBOX not tested: opening INBOX needs a login", run.Output, StringComparison.Ordinal);
        Assert.Contains("the server's SIZE limit (10485760 bytes)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_AutoconfigOverHttps_WinsOverSrvAndSendsTheAddressOnlyOverHttps()
    {
        await using var web = new AutoconfigServer(mail.Certificate, url => url.Host == "autoconfig.auto.test" && url.AbsolutePath == "/mail/config-v1.1.xml"
            ? HttpReply.Xml(AutoconfigXml.Config("Auto Test Mail", AutoconfigXml.Incoming("imap", "mail.%EMAILDOMAIN%", 993, "SSL"), AutoconfigXml.Outgoing("mail.auto.test", 587, "STARTTLS")))
            : HttpReply.NotFound);
        await using var dns = await Dnsmasq.StartAsync(
            ["autoconfig.auto.test", "auto.test", "mail.auto.test", "pop.auto.test"],
            Srv("_pop3s._tcp.auto.test", "pop.auto.test", mail.Pop3s));

        var run = await mail.DiscoverAsync(dns, web, "alice@auto.test");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        var spec = Spec(run);
        Assert.Equal("Auto Test Mail", spec.DisplayName);
        Assert.Equal(("IMAP4", "mail.auto.test", mail.Imaps, "Implicit"), Incoming(spec));
        Assert.Equal(("mail.auto.test", mail.Submission, "StartTls"), Outgoing(spec));
        Assert.Contains("# https://autoconfig.auto.test/mail/config-v1.1.xml", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", run.Output, StringComparison.Ordinal);
        Assert.Contains(web.Requests, r => r == "https://autoconfig.auto.test/mail/config-v1.1.xml?emailaddress=alice%40auto.test");
        Assert.DoesNotContain(web.Requests, r => r.StartsWith("http://", StringComparison.Ordinal) && r.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discover_AutoconfigSaysPlainTextButServerOffersStartTls_WritesStartTls()
    {
        await using var web = new AutoconfigServer(mail.Certificate, url => url.Scheme == "http" && url.Host == "wellknown.test" && url.AbsolutePath == "/.well-known/autoconfig/mail/config-v1.1.xml"
            ? HttpReply.Xml(AutoconfigXml.Config("Well Known", AutoconfigXml.Incoming("pop3", "pop.wellknown.test", 110, "plain"), AutoconfigXml.Outgoing("smtp.wellknown.test", 587, "plain")))
            : HttpReply.NotFound);
        await using var dns = await Dnsmasq.StartAsync(["wellknown.test", "pop.wellknown.test", "smtp.wellknown.test"]);

        var run = await mail.DiscoverAsync(dns, web, "wellknown.test");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        var spec = Spec(run);
        Assert.Equal(("POP3", "pop.wellknown.test", mail.Pop3, "StartTls"), Incoming(spec));
        Assert.Equal(("smtp.wellknown.test", mail.Submission, "StartTls"), Outgoing(spec));
        Assert.Contains("autoconfig: http://wellknown.test/.well-known/autoconfig/mail/config-v1.1.xml (2 servers)", run.Output, StringComparison.Ordinal);
        Assert.Contains("tls: StartTls  # http://wellknown.test/.well-known/autoconfig/mail/config-v1.1.xml says plain text; the server offers STARTTLS", run.Output, StringComparison.Ordinal);
        Assert.Contains("POP3 verified (TLSv1.", run.Output, StringComparison.Ordinal);
        Assert.Contains("UIDL supported", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_EarlierSourceOffersOnlyPlainText_TakesTlsFromLaterSource()
    {
        await using var plainPop3 = Probing.FakeServer.Start(new Probing.FakePop3Conversation(capa: true, uidl: true).RunAsync);
        await using var web = new AutoconfigServer(mail.Certificate, url => url.Host == "autoconfig.plain.test" && url.AbsolutePath.StartsWith("/mail/", StringComparison.Ordinal)
            ? HttpReply.Xml(AutoconfigXml.Config("Plain", AutoconfigXml.Incoming("pop3", "pop.plain.test", plainPop3.Port, "plain"), AutoconfigXml.Outgoing("smtp.plain.test", 465, "SSL")))
            : HttpReply.NotFound);
        await using var dns = await Dnsmasq.StartAsync(
            ["autoconfig.plain.test", "pop.plain.test", "pop3s.plain.test", "smtp.plain.test"],
            Srv("_pop3s._tcp.plain.test", "pop3s.plain.test", mail.Pop3s));

        var run = await mail.DiscoverAsync(dns, web, "plain.test");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        var spec = Spec(run);
        Assert.Equal(("POP3", "pop3s.plain.test", mail.Pop3s, "Implicit"), Incoming(spec));
        Assert.Equal(("smtp.plain.test", mail.Submissions, "Implicit"), Outgoing(spec));
        Assert.Contains("# DNS SRV _pop3s._tcp.plain.test", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_Pop3WithoutUidl_IsRefusedAndImap4Taken()
    {
        await using var noUidl = Probing.FakeServer.Start(new Probing.FakePop3Conversation(capa: true, uidl: false).RunAsync, mail.Certificate);
        await using var dns = await Dnsmasq.StartAsync(
            ["nouidl.uidl.test", "imap.uidl.test", "smtp.uidl.test"],
            Srv("_pop3s._tcp.uidl.test", "nouidl.uidl.test", noUidl.Port, priority: 0),
            Srv("_imaps._tcp.uidl.test", "imap.uidl.test", mail.Imaps, priority: 10),
            Srv("_submissions._tcp.uidl.test", "smtp.uidl.test", mail.Submissions));

        var run = await mail.DiscoverAsync(dns, null, "uidl.test");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(("IMAP4", "imap.uidl.test", mail.Imaps, "Implicit"), Incoming(Spec(run)));
        Assert.Contains($"refused POP3 nouidl.uidl.test:{noUidl.Port} Implicit", run.Error, StringComparison.Ordinal);
        Assert.Contains("UidlNotSupported", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_OnlyPop3WithoutUidl_ExitsOneAndSaysWhy()
    {
        await using var noUidl = Probing.FakeServer.Start(new Probing.FakePop3Conversation(capa: true, uidl: false).RunAsync, mail.Certificate);
        await using var dns = await Dnsmasq.StartAsync(
            ["nouidl.uidl.test", "smtp.uidl.test"],
            Srv("_pop3s._tcp.uidl.test", "nouidl.uidl.test", noUidl.Port),
            Srv("_submissions._tcp.uidl.test", "smtp.uidl.test", mail.Submissions));

        var run = await mail.DiscoverAsync(dns, null, "uidl.test");
        log.WriteLine(run.ToString());

        Assert.Equal(1, run.Exit);
        Assert.Empty(run.Output);
        Assert.Contains("UidlNotSupported", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing usable: no incoming (POP3/IMAP4) server was verified", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_Catalog_UsesThePublishedServersBeforeSrv()
    {
        await using var dns = await Dnsmasq.StartAsync(
            ["imap.fastmail.com", "pop.fastmail.com", "smtp.fastmail.com", "other.fastmail.com"],
            Srv("_pop3s._tcp.fastmail.com", "other.fastmail.com", mail.Pop3s));

        var run = await mail.DiscoverAsync(dns, null, "bob@fastmail.com");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        var spec = Spec(run);
        Assert.Equal("Fastmail", spec.DisplayName);
        Assert.Equal(("IMAP4", "imap.fastmail.com", mail.Imaps, "Implicit"), Incoming(spec));
        Assert.Equal(("smtp.fastmail.com", mail.Submissions, "Implicit"), Outgoing(spec));
        Assert.Contains("# catalog: Fastmail", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_BuiltInProviderByMx_PointsToTheBuiltInAndExitsZero()
    {
        await using var dns = await Dnsmasq.StartAsync([], "--mx-host=workspace.test,aspmx.l.google.com,1");

        var run = await mail.DiscoverAsync(dns, null, "carol@workspace.test");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("built-in MailServer \"gmail\"", run.Output, StringComparison.Ordinal);
        Assert.Empty(ManifestReader.ReadText("discover", run.Output).Documents);
    }

    [Fact]
    public async Task Discover_CommonNames_GuessesPreferImplicitTls()
    {
        await using var dns = await Dnsmasq.StartAsync(["imap.guess.test", "pop.guess.test", "smtp.guess.test"]);

        var run = await mail.DiscoverAsync(dns, null, "guess.test");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        var spec = Spec(run);
        Assert.Equal(("IMAP4", "imap.guess.test", mail.Imaps, "Implicit"), Incoming(spec));
        Assert.Equal(("smtp.guess.test", mail.Submissions, "Implicit"), Outgoing(spec));
        Assert.Contains("# guess: common name", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_MxHostDomain_GuessesItsCommonNames()
    {
        await using var dns = await Dnsmasq.StartAsync(["imap.provider.test", "smtp.provider.test"], "--mx-host=mxonly.test,mx.provider.test,10");

        var run = await mail.DiscoverAsync(dns, null, "mxonly.test");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        var spec = Spec(run);
        Assert.Equal("imap.provider.test", spec.Incoming!.Host);
        Assert.Equal("smtp.provider.test", spec.Outgoing!.Host);
        Assert.Contains("the domain of the MX host", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_SrvBeforeGuesses_AndSrvDotMeansNoGuessForThatService()
    {
        await using var dns = await Dnsmasq.StartAsync(
            ["pop.srvprec.test", "imap.srvprec.test", "smtp.srvprec.test"],
            Srv("_pop3._tcp.srvprec.test", "pop.srvprec.test", mail.Pop3),
            "--srv-host=_submissions._tcp.srvprec.test");

        var run = await mail.DiscoverAsync(dns, null, "srvprec.test");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        var spec = Spec(run);
        Assert.Equal(("POP3", "pop.srvprec.test", mail.Pop3, "StartTls"), Incoming(spec));
        Assert.Equal(("smtp.srvprec.test", mail.Submission, "StartTls"), Outgoing(spec));
        Assert.Contains("_submissions._tcp.srvprec.test: \".\" (not offered)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"smtp.srvprec.test:{mail.Submissions}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_NothingToFind_ExitsOneQuickly()
    {
        await using var dns = await Dnsmasq.StartAsync([]);

        var run = await mail.DiscoverAsync(dns, null, "alice@nothing.test");
        log.WriteLine(run.ToString());

        Assert.Equal(1, run.Exit);
        Assert.Empty(run.Output);
        Assert.Contains("nothing usable", run.Error, StringComparison.Ordinal);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(5), run.ToString());
    }

    [Fact]
    public async Task Discover_EverythingHangs_EndsWithinTheTimeout()
    {
        await using var tarpit = Probing.FakeServer.Start(Probing.FakeConversations.Tarpit);
        await using var web = new AutoconfigServer(mail.Certificate, _ => new HttpReply(200, Mode: HttpReplyMode.Silent));
        string[] hosts = ["autoconfig.hostile.test", "hostile.test", "imap.hostile.test", "pop.hostile.test", "mail.hostile.test", "smtp.hostile.test"];
        await using var dns = await Dnsmasq.StartAsync(hosts, Srv("_imaps._tcp.hostile.test", "imap.hostile.test", tarpit.Port));
        var tarpitPorts = string.Join(',', new[] { 110, 995, 143, 993, 587, 465 }.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p}={tarpit.Port}")));

        var run = await DiscoveryFixture.RunAsync("hostile.test", "--timeout", "3s", "--dns-server", dns.Server, "--ca-bundle", mail.CaBundlePath,
            "--port-map", string.Create(CultureInfo.InvariantCulture, $"{tarpitPorts},443={web.HttpsPort},80={web.HttpPort}"));
        log.WriteLine(run.ToString());

        Assert.Equal(1, run.Exit);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(4.5), run.ToString());
        Assert.Contains("no complete answer within", run.Error, StringComparison.Ordinal);
        Assert.Contains("deadline", run.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> HostileDocuments => new()
    {
        { "huge", "the document is larger than 256 KiB" },
        { "endless", "the document is larger than 256 KiB" },
        { "slow", "no complete answer within" },
        { "malformed", "not a valid autoconfig document" },
        { "xxe", "not a valid autoconfig document" },
        { "entity-bomb", "not a valid autoconfig document" },
        { "other-host", "a redirect to another host (evil.test); not followed" },
        { "https-to-http", "a redirect from HTTPS to plain HTTP; not followed" },
        { "not-xml-config", "not an autoconfig document" },
    };

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public async Task Discover_HostileAutoconfig_IsRefusedInBoundedTimeAndSrvUsed(string kind, string diagnostic)
    {
        var good = AutoconfigXml.Config("Evil", AutoconfigXml.Incoming("imap", "evil.test", 993, "SSL"), AutoconfigXml.Outgoing("evil.test", 465, "SSL"));
        var reply = kind switch
        {
            "huge" => HttpReply.Xml(good + new string(' ', 300 * 1024)),
            "endless" => new HttpReply(200, Mode: HttpReplyMode.Endless),
            "slow" => new HttpReply(200, good, Mode: HttpReplyMode.Slow),
            "malformed" => HttpReply.Xml("<clientConfig><emailProvider><incomingServer type=\"imap\">"),
            "xxe" => HttpReply.Xml("<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><clientConfig><emailProvider><displayName>&x;</displayName></emailProvider></clientConfig>"),
            "entity-bomb" => HttpReply.Xml("<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><clientConfig>&c;</clientConfig>"),
            "other-host" => new HttpReply(302, Location: "https://evil.test/mail/config-v1.1.xml"),
            "https-to-http" => new HttpReply(301, Location: "http://autoconfig.hostile.test/mail/config-v1.1.xml"),
            _ => HttpReply.Xml("<html><body>hello</body></html>"),
        };
        await using var web = new AutoconfigServer(mail.Certificate, url => url.Host == "autoconfig.hostile.test" && url.AbsolutePath.StartsWith("/mail/", StringComparison.Ordinal)
            ? reply
            : url.Host == "evil.test" ? HttpReply.Xml(good) : HttpReply.NotFound);
        await using var dns = await Dnsmasq.StartAsync(
            ["autoconfig.hostile.test", "imap.hostile.test", "smtp.hostile.test", "evil.test"],
            Srv("_imaps._tcp.hostile.test", "imap.hostile.test", mail.Imaps),
            Srv("_submissions._tcp.hostile.test", "smtp.hostile.test", mail.Submissions));

        // Each autoconfig download is bounded by a third of --timeout, at most 5 s: "slow" is cut there, the others are
        // refused for what they are before it. 6 s (2 s a download) was once too little for the first, cold discover of the
        // class on a loaded machine (its malformed document over HTTPS took longer), so 15 s.
        var timeout = TimeSpan.FromSeconds(15);
        var run = await mail.DiscoverAsync(dns, web, "hostile.test", "--timeout", string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0}s"));
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains($"autoconfig https://autoconfig.hostile.test/mail/config-v1.1.xml: {diagnostic}", run.Error, StringComparison.Ordinal);
        Assert.Equal("imap.hostile.test", Spec(run).Incoming!.Host);
        Assert.DoesNotContain("evil", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(web.Requests, r => r.Contains("evil.test", StringComparison.Ordinal));
        Assert.DoesNotContain("root:", run.Output + run.Error, StringComparison.Ordinal);
        Assert.True(run.Elapsed < timeout - TimeSpan.FromSeconds(1), run.ToString());
    }

    [Fact]
    public async Task Discover_RedirectOnTheSameHost_IsFollowed()
    {
        var document = AutoconfigXml.Config("Moved", AutoconfigXml.Incoming("imap", "imap.hostile.test", 993, "SSL"), AutoconfigXml.Outgoing("smtp.hostile.test", 465, "SSL"));
        await using var web = new AutoconfigServer(mail.Certificate, url => (url.Host, url.AbsolutePath) switch
        {
            ("autoconfig.hostile.test", "/mail/config-v1.1.xml") => new HttpReply(302, Location: "/moved/config.xml"),
            ("autoconfig.hostile.test", "/moved/config.xml") => HttpReply.Xml(document),
            _ => HttpReply.NotFound,
        });
        await using var dns = await Dnsmasq.StartAsync(["autoconfig.hostile.test", "imap.hostile.test", "smtp.hostile.test"]);

        var run = await mail.DiscoverAsync(dns, web, "hostile.test");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal("Moved", Spec(run).DisplayName);
        Assert.Contains("# https://autoconfig.hostile.test/moved/config.xml", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_WithCredentials_LogsInOnlyInsideTheDomainOverTls()
    {
        await using var dns = await Dnsmasq.StartAsync(
            ["imap.creds.test", "smtp.provider.test"],
            Srv("_imaps._tcp.creds.test", "imap.creds.test", mail.Imaps),
            Srv("_submissions._tcp.creds.test", "smtp.provider.test", mail.Submissions));

        var run = await DiscoverWithCredentialsAsync(dns, mail.Environment.Password);

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("login succeeded (LOGIN); INBOX opened read-only, 1 message", run.Output, StringComparison.Ordinal);
        Assert.Contains("login with AUTH PLAIN not tested: credentials are sent only to hosts in creds.test", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(mail.Environment.Password, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_WithCredentials_SmtpLogsInWithTheMechanismWritten()
    {
        await using var dns = await Dnsmasq.StartAsync(["pop.creds.test", "smtp.creds.test"], Srv("_pop3s._tcp.creds.test", "pop.creds.test", mail.Pop3s), Srv("_submission._tcp.creds.test", "smtp.creds.test", mail.Submission));

        var run = await DiscoverWithCredentialsAsync(dns, mail.Environment.Password);

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Contains("UIDL supported; login succeeded (USER/PASS)", run.Output, StringComparison.Ordinal);
        Assert.Contains("SMTP verified (TLSv1.", run.Output, StringComparison.Ordinal);
        Assert.Contains("login succeeded (AUTH PLAIN)", run.Output, StringComparison.Ordinal);
        Assert.Contains("mechanism: \"PLAIN\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_WrongPassword_RefusesWithoutLeakingItAndExitsOne()
    {
        await using var dns = await Dnsmasq.StartAsync(["pop.creds.test", "smtp.creds.test"], Srv("_pop3s._tcp.creds.test", "pop.creds.test", mail.Pop3s), Srv("_submissions._tcp.creds.test", "smtp.creds.test", mail.Submissions));

        var run = await DiscoverWithCredentialsAsync(dns, "wrong-password-42");

        Assert.Equal(1, run.Exit);
        Assert.Contains("AuthenticationFailed", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-42", run.Output + run.Error, StringComparison.Ordinal);
    }

    private async Task<DiscoverRun> DiscoverWithCredentialsAsync(Dnsmasq dns, string password)
    {
        var credentials = Path.Combine(Path.GetTempPath(), $"discover-credentials-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(credentials, $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  username: {mail.Environment.User}\n  password: {password}\n");
        try
        {
            var run = await mail.DiscoverAsync(dns, null, "creds.test", "--credentials-file", credentials);
            log.WriteLine(run.ToString());
            return run;
        }
        finally
        {
            File.Delete(credentials);
        }
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("@@")]
    [InlineData("x@-bad-.test")]
    [InlineData("ä@bücher.test")]
    [InlineData("alice@127.0.0.1")]
    [InlineData("a@b@c.test")]
    [InlineData("a@really.long.label.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.test")]
    [InlineData("alice@dot.test")]
    public async Task Discover_AnyInput_NeverPrintsAStackTrace(string input)
    {
        await using var dns = await Dnsmasq.StartAsync(["dot.test", "imap.dot.test"], "--srv-host=_imaps._tcp.dot.test", "--mx-host=dot.test,.,0");

        var run = await mail.DiscoverAsync(dns, null, input, "--timeout", "3s");

        Assert.True(run.Exit is 1 or 2, run.ToString());
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.NotEmpty(run.Error);
    }

    [Fact]
    public async Task Discover_NoVerify_PrintsTheBestCandidatesSayingSo()
    {
        await using var dns = await Dnsmasq.StartAsync([], Srv("_imaps._tcp.srv.test", "imap.srv.test", 1), Srv("_submission._tcp.srv.test", "smtp.srv.test", 2));

        var run = await mail.DiscoverAsync(dns, null, "srv.test", "--no-verify");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(("IMAP4", "imap.srv.test", 1, "Implicit"), Incoming(Spec(run)));
        Assert.Contains("# NOT VERIFIED (--no-verify)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("verifying", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_ProtocolAndAutoconfigUrl_TakeTheOrganisationsDocumentAndThatProtocol()
    {
        await using var web = new AutoconfigServer(mail.Certificate, url => url.Host == "mail.auto.test" && url.AbsolutePath == "/internal/mail.xml"
            ? HttpReply.Xml(AutoconfigXml.Config("Internal", AutoconfigXml.Incoming("imap", "mail.auto.test", 993, "SSL"), AutoconfigXml.Incoming("pop3", "mail.auto.test", 995, "SSL"), AutoconfigXml.Outgoing("mail.auto.test", 465, "SSL")))
            : HttpReply.NotFound);
        await using var dns = await Dnsmasq.StartAsync(["mail.auto.test"]);

        var run = await mail.DiscoverAsync(dns, web, "auto.test", "--autoconfig-url", "https://mail.auto.test/internal/mail.xml", "--protocol", "POP3");
        log.WriteLine(run.ToString());

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(("POP3", "mail.auto.test", mail.Pop3s, "Implicit"), Incoming(Spec(run)));
        Assert.Contains("autoconfig: https://mail.auto.test/internal/mail.xml (3 servers)", run.Output, StringComparison.Ordinal);
    }

    internal static string Srv(string name, string target, int port, int priority = 0, int weight = 10) =>
        string.Create(CultureInfo.InvariantCulture, $"--srv-host={name},{target},{port},{priority},{weight}");

    internal static Api.MailServerSpec Spec(DiscoverRun run)
    {
        var documents = ManifestReader.ReadText("discover", run.Output).Documents;
        var document = Assert.Single(documents);
        var report = MailServerValidator.Validate(document.Content);
        Assert.False(report.HasErrors, string.Join("; ", report.Errors) + "\n" + run);
        return report.Server!.Spec!;
    }

    internal static (string, string, int, string) Incoming(Api.MailServerSpec spec) =>
        (spec.Incoming!.Protocol.ToString()!.ToUpperInvariant(), spec.Incoming.Host!, spec.Incoming.Port!.Value, spec.Incoming.Tls.ToString()!);

    internal static (string, int, string) Outgoing(Api.MailServerSpec spec) =>
        (spec.Outgoing!.Host!, spec.Outgoing.Port!.Value, spec.Outgoing.Tls.ToString()!);
}
