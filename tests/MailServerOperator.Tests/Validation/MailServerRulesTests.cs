using k8s.Models;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Validation;

public sealed class MailServerRulesTests
{
    private const string Imap4 = "spec.incoming.protocol=\"IMAP4\"; spec.incoming.port=993";
    private const string InboxWarning = "every message in INBOX will be deleted from the server when it is received, read or unread";

    [Fact]
    public void Validate_ValidServer_ReportsNothing()
    {
        Assert.Empty(MailServerRules.Validate(MailServerDocuments.Server()));
    }

    [Theory]
    // Required parts: every entry has both servers.
    [InlineData("spec", "spec", "required")]
    [InlineData("spec.displayName", "spec.displayName", "required")]
    [InlineData("spec.incoming", "spec.incoming", "required")]
    [InlineData("spec.incoming.protocol", "spec.incoming.protocol", "required")]
    [InlineData("spec.incoming.host", "spec.incoming.host", "required")]
    [InlineData("spec.outgoing", "spec.outgoing", "required")]
    [InlineData("spec.outgoing.host", "spec.outgoing.host", "required")]
    // displayName: 1..64 characters.
    [InlineData("spec.displayName=\"   \"", "spec.displayName", "must not be empty")]
    [InlineData("spec.displayName=\"\"", "spec.displayName", "must not be empty")]
    [InlineData("spec.displayName=\"12345678901234567890123456789012345678901234567890123456789012345\"", "spec.displayName", "at most 64 characters (it has 65)")]
    // apop only with POP3.
    [InlineData(Imap4 + "; spec.incoming.apop=true", "spec.incoming.apop", "set protocol: POP3")]
    // Ports 1..65535.
    [InlineData("spec.incoming.port=0", "spec.incoming.port", "between 1 and 65535")]
    [InlineData("spec.incoming.port=65536", "spec.incoming.port", "between 1 and 65535")]
    [InlineData("spec.outgoing.port=-1", "spec.outgoing.port", "between 1 and 65535")]
    // Host: a DNS name or IP address, no URL, no user data.
    [InlineData("spec.incoming.host=\"pop3://user@pop.example.jp\"", "spec.incoming.host", "not a URL, and never holds a user name or password")]
    [InlineData("spec.incoming.host=\"imaps://imap.example.jp:993/INBOX\"", "spec.incoming.host", "not a URL: write \"imap.example.jp\"")]
    [InlineData("spec.outgoing.host=\"mailbox@smtp.example.jp\"", "spec.outgoing.host", "must not contain user data")]
    [InlineData("spec.incoming.host=\"pop.example.jp:995\"", "spec.incoming.host", "write \"pop.example.jp\" and set spec.incoming.port: 995")]
    [InlineData("spec.outgoing.host=\"smtp_relay.example.jp\"", "spec.outgoing.host", "'_' is not allowed")]
    // TLS against port: a mismatch that can never connect.
    [InlineData("spec.incoming.tls=\"None\"", "spec.incoming.tls", "can never connect to port 995")]
    [InlineData(Imap4 + "; spec.incoming.tls=\"None\"", "spec.incoming.tls", "can never connect to port 993")]
    [InlineData("spec.outgoing.tls=\"None\"; spec.outgoing.port=465", "spec.outgoing.tls", "can never connect to port 465")]
    [InlineData("spec.incoming.tls=\"StartTls\"", "spec.incoming.tls", "can never connect to port 995")]
    [InlineData("spec.incoming.port=110", "spec.incoming.tls", "can never connect to port 110")]
    [InlineData("spec.incoming.protocol=\"IMAP4\"; spec.incoming.port=143", "spec.incoming.tls", "can never connect to port 143")]
    [InlineData("spec.outgoing.tls=\"Implicit\"", "spec.outgoing.tls", "can never connect to port 587")]
    [InlineData("spec.outgoing.tls=\"Implicit\"; spec.outgoing.port=25", "spec.outgoing.tls", "can never connect to port 25")]
    [InlineData("spec.incoming.tls; spec.incoming.port=110", "spec.incoming.port", "tls defaults to Implicit")]
    [InlineData("spec.outgoing.tls; spec.outgoing.port=465", "spec.outgoing.port", "tls defaults to StartTls")]
    // maxMessageSize: a positive Kubernetes quantity.
    [InlineData("spec.incoming.maxMessageSize=\"10MB\"", "spec.incoming.maxMessageSize", "Kubernetes quantity")]
    [InlineData("spec.incoming.maxMessageSize=\"0\"", "spec.incoming.maxMessageSize", "greater than zero")]
    [InlineData("spec.incoming.maxMessageSize=\"-1Mi\"", "spec.incoming.maxMessageSize", "greater than zero")]
    [InlineData("spec.outgoing.maxMessageSize=\"100m\"", "spec.outgoing.maxMessageSize", "whole number of bytes")]
    [InlineData("spec.outgoing.maxMessageSize=\"ten megabytes\"", "spec.outgoing.maxMessageSize", "Kubernetes quantity")]
    // deleteAfterDays only with leaveOnServer=false, and never negative.
    [InlineData("spec.incoming.retention.leaveOnServer=true", "spec.incoming.retention.deleteAfterDays", "only with leaveOnServer: false")]
    [InlineData("spec.incoming.retention.deleteAfterDays=-1", "spec.incoming.retention.deleteAfterDays", "must be 0")]
    // probe.interval: a duration within 30s..24h; the Secret reference names a Secret.
    [InlineData("spec.probe.interval=\"5 minutes\"", "spec.probe.interval", "must be a duration")]
    [InlineData("spec.probe.interval=\"5\"", "spec.probe.interval", "must be a duration")]
    [InlineData("spec.probe.interval=\"\"", "spec.probe.interval", "must be a duration")]
    [InlineData("spec.probe.interval=\"29s\"", "spec.probe.interval", "between 30s and 24h")]
    [InlineData("spec.probe.interval=\"24h1s\"", "spec.probe.interval", "between 30s and 24h")]
    [InlineData("spec.probe.interval=\"-5m\"", "spec.probe.interval", "between 30s and 24h")]
    [InlineData("spec.probe.credentialsSecretRef.name", "spec.probe.credentialsSecretRef.name", "required")]
    [InlineData("spec.probe.credentialsSecretRef.name=\"Probe_Secret\"", "spec.probe.credentialsSecretRef.name", "not a valid name")]
    // Names: reserved built-ins, and what the API server accepts.
    [InlineData("metadata.name=\"gmail\"", "metadata.name", "reserved for the built-in entry")]
    [InlineData("metadata.name=\"exchange-online\"", "metadata.name", "reserved for the built-in entry")]
    [InlineData("metadata.name", "metadata.name", "required")]
    [InlineData("metadata.name=\"Example_ISP\"", "metadata.name", "not a valid name")]
    [InlineData("metadata.namespace=\"Mail.Share\"", "metadata.namespace", "not a valid namespace name")]
    public void Validate_BrokenRule_ReportsErrorAtField(string changes, string field, string message)
    {
        var issues = MailServerRules.Validate(MailServerDocuments.Server(changes));

        var error = Assert.Single(issues, issue => issue.Severity == ValidationSeverity.Error);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec.order")]
    [InlineData("spec.displayName=\"1234567890123456789012345678901234567890123456789012345678901234\"")]
    [InlineData("spec.displayName=\"メール共有 🙂 Example ISP\"")]
    [InlineData("spec.incoming.apop=true")]
    [InlineData(Imap4 + "; spec.incoming.apop=false")]
    [InlineData("spec.incoming.port=1; spec.incoming.tls=\"StartTls\"")]
    [InlineData("spec.incoming.port=65535")]
    [InlineData("spec.incoming.host=\"pop.example.jp.\"")]
    [InlineData("spec.incoming.host=\"192.0.2.10\"")]
    [InlineData("spec.incoming.host=\"2001:db8::25\"")]
    [InlineData("spec.incoming.host=\"localhost\"")]
    [InlineData("spec.incoming.host=\"xn--eckwd4c7c.example.jp\"")]
    [InlineData("spec.outgoing.host=\"SMTP.Example.JP\"")]
    [InlineData("spec.incoming.port; spec.incoming.tls")]
    [InlineData(Imap4 + "; spec.incoming.port; spec.incoming.tls")]
    [InlineData("spec.incoming.port=110; spec.incoming.tls=\"StartTls\"")]
    [InlineData("spec.incoming.protocol=\"IMAP4\"; spec.incoming.port=143; spec.incoming.tls=\"StartTls\"")]
    [InlineData("spec.outgoing.port; spec.outgoing.tls")]
    [InlineData("spec.outgoing.port=465; spec.outgoing.tls=\"Implicit\"")]
    [InlineData("spec.outgoing.port=25; spec.outgoing.tls=\"StartTls\"")]
    [InlineData("spec.outgoing.port=2525; spec.outgoing.tls=\"Implicit\"")]
    [InlineData("spec.incoming.maxMessageSize=\"1\"")]
    [InlineData("spec.incoming.maxMessageSize=10485760")]
    [InlineData("spec.incoming.maxMessageSize=\"1Gi\"")]
    [InlineData("spec.incoming.maxMessageSize=\"1e6\"")]
    [InlineData("spec.outgoing.maxMessageSize=\"512k\"")]
    [InlineData("spec.outgoing.maxMessageSize")]
    [InlineData("spec.incoming.retention.deleteAfterDays=0")]
    [InlineData("spec.incoming.retention")]
    [InlineData("spec.probe")]
    [InlineData("spec.probe.interval")]
    [InlineData("spec.probe.interval=\"30s\"")]
    [InlineData("spec.probe.interval=\"24h\"")]
    [InlineData("spec.probe.interval=\"1h30m\"")]
    [InlineData("spec.probe.interval=\"1.5h\"")]
    [InlineData("spec.probe.credentialsSecretRef")]
    [InlineData("spec.probe.credentialsSecretRef.name=\"probes.example-isp\"")]
    [InlineData("metadata.name; metadata.generateName=\"example-\"")]
    [InlineData("metadata.namespace")]
    [InlineData("metadata.name=\"gmail-archive\"")]
    public void Validate_RuleSatisfied_ReportsNoError(string changes)
    {
        var issues = MailServerRules.Validate(MailServerDocuments.Server(changes));

        Assert.DoesNotContain(issues, issue => issue.Severity == ValidationSeverity.Error);
    }

    [Theory]
    [InlineData("spec.incoming.retention.deleteAfterDays; spec.incoming.retention.leaveOnServer=true", "spec.incoming.retention.leaveOnServer", "not recommended")]
    [InlineData(Imap4, "spec.incoming.retention.leaveOnServer", InboxWarning)]
    [InlineData(Imap4 + "; spec.incoming.retention", "spec.incoming.retention.leaveOnServer", InboxWarning)]
    [InlineData("spec.outgoing.authentication.mechanism=\"None\"", "spec.outgoing.authentication.mechanism", "SMTP AUTH is recommended")]
    [InlineData("spec.incoming.port=110; spec.incoming.tls=\"None\"; spec.probe.credentialsSecretRef", "spec.incoming.tls", "clear text")]
    [InlineData("spec.outgoing.tls=\"None\"; spec.probe.credentialsSecretRef", "spec.outgoing.tls", "clear text")]
    public void Validate_DiscouragedSetting_ReportsOnlyWarningAtField(string changes, string field, string message)
    {
        var issues = MailServerRules.Validate(MailServerDocuments.Server(changes));

        var warning = Assert.Single(issues);
        Assert.Equal(ValidationSeverity.Warning, warning.Severity);
        Assert.Equal(field, warning.Field);
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
    }

    /// <param name="changes">Changes to a document whose probe has a credentials Secret.</param>
    /// <param name="allowed">As <c>run --allow-plaintext-credentials</c>.</param>
    /// <param name="expected">The fields refused, comma-separated; empty for none.</param>
    [Theory]
    [InlineData("spec.incoming.port=110; spec.incoming.tls=\"None\"", false, "spec.incoming.tls")]
    [InlineData("spec.incoming.port=110; spec.incoming.tls=\"None\"", true, "")]
    [InlineData("spec.incoming.port=110; spec.incoming.tls=\"None\"; spec.probe.credentialsSecretRef", false, "")]
    [InlineData("spec.incoming.protocol=\"IMAP4\"; spec.incoming.port=143; spec.incoming.tls=\"None\"", false, "spec.incoming.tls")]
    [InlineData("spec.outgoing.tls=\"None\"", false, "spec.outgoing.tls")]
    [InlineData("spec.outgoing.tls=\"None\"; spec.outgoing.port=25", false, "spec.outgoing.tls")]
    [InlineData("spec.outgoing.tls=\"None\"", true, "")]
    [InlineData("spec.outgoing.tls=\"None\"; spec.outgoing.authentication.mechanism=\"None\"", false, "")]
    [InlineData("spec.outgoing.tls=\"None\"; spec.outgoing.authentication.useAccountCredentials=false", false, "")]
    [InlineData("spec.incoming.port=110; spec.incoming.tls=\"None\"; spec.outgoing.tls=\"None\"", false, "spec.incoming.tls,spec.outgoing.tls")]
    [InlineData("spec.incoming.tls=\"None\"", false, "spec.incoming.tls")] // on 995: the port mismatch is the one error
    public void Validate_CredentialsOverPlainText_RefusedUnlessAllowed(string changes, bool allowed, string expected)
    {
        var issues = MailServerRules.Validate(MailServerDocuments.Server(changes), new MailServerValidationOptions { AllowPlaintextCredentials = allowed });

        var errors = issues.Where(issue => issue.Severity == ValidationSeverity.Error).ToList();
        Assert.Equal(expected, string.Join(",", errors.Select(error => error.Field)));
        Assert.All(errors.Where(error => error.Message.Contains("clear text", StringComparison.Ordinal)), error => Assert.Contains(PlaintextCredentialsRules.AllowFlag, error.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("example-isp", "true", "metadata.labels[mailshare.io/builtin]")]
    [InlineData("example-isp", "false", "metadata.labels[mailshare.io/builtin]")]
    [InlineData("gmail", "true", "")]
    public void Validate_BuiltInLabel_RefusedOnAnyOtherObject(string name, string value, string expected)
    {
        var server = MailServerDocuments.Server($"metadata.name=\"{name}\"; metadata.labels={{\"mailshare.io/builtin\":\"{value}\"}}");

        var issues = MailServerRules.Validate(server, new MailServerValidationOptions { AllowReservedNames = true });

        Assert.Equal(expected, string.Join(",", issues.Where(issue => issue.Severity == ValidationSeverity.Error).Select(error => error.Field)));
    }

    [Theory]
    [InlineData("spec.outgoing.authentication")]
    [InlineData("spec.outgoing.authentication.mechanism=\"XOAUTH2\"")]
    [InlineData("spec.incoming.tls=\"Implicit\"; spec.outgoing.tls=\"StartTls\"")]
    [InlineData("spec.incoming.retention.leaveOnServer=false")]
    public void Validate_RecommendedSetting_ReportsNoWarning(string changes)
    {
        Assert.Empty(MailServerRules.Validate(MailServerDocuments.Server(changes)));
    }

    [Fact]
    public void Validate_Imap4LeavingMailOnServer_WarnsOnlyThatItIsNotRecommended()
    {
        var issues = MailServerRules.Validate(MailServerDocuments.Server(
            Imap4 + "; spec.incoming.retention.deleteAfterDays; spec.incoming.retention.leaveOnServer=true"));

        var warning = Assert.Single(issues);
        Assert.Contains("not recommended", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gmail")]
    [InlineData("exchange-online")]
    public void Validate_ReservedNameWhenCallerAllowsIt_ReportsNoError(string name)
    {
        var server = MailServerDocuments.Server($"metadata.name=\"{name}\"");

        var issues = MailServerRules.Validate(server, new MailServerValidationOptions { AllowReservedNames = true });

        Assert.Empty(issues);
    }

    [Fact]
    public void Validate_ReservedNameWithBuiltinLabel_IsStillRefused()
    {
        var server = MailServerDocuments.Server("metadata.name=\"gmail\"");
        server = server with
        {
            Metadata = new V1ObjectMeta
            {
                Name = "gmail",
                NamespaceProperty = "mail-share",
                Labels = new Dictionary<string, string> { ["mailshare.io/builtin"] = "true" },
            },
        };

        var issues = MailServerRules.Validate(server);

        Assert.Contains(issues, issue => issue.Field == "metadata.name" && issue.Message.Contains("reserved", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralBrokenRules_ReportsEachInFieldOrder()
    {
        var issues = MailServerRules.Validate(MailServerDocuments.Server(
            "metadata.name=\"gmail\"; spec.incoming.port=70000; spec.outgoing.host=\"smtp.example.jp:587\"; spec.probe.interval=\"1s\""));

        Assert.Equal(
            ["metadata.name", "spec.incoming.port", "spec.outgoing.host", "spec.probe.interval"],
            issues.Select(issue => issue.Field));
    }
}
