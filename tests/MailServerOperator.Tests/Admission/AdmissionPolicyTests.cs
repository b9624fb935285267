using MailServerOperator.Admission;
using MailServerOperator.Api;
using MailServerOperator.Validation;
using static MailServerOperator.Tests.Admission.AdmissionRequests;

namespace MailServerOperator.Tests.Admission;

public sealed class AdmissionPolicyTests
{
    private const string Alice = "alice";
    private const string Owner = "[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"owner\",\"uid\":\"6f1c1d3e-0000-4000-8000-000000000002\"}]";

    /// <param name="operation">CREATE, UPDATE or DELETE.</param>
    /// <param name="user">Who asks.</param>
    /// <param name="name">The object's name; a reserved one starts from the built-in as the operator writes it.</param>
    /// <param name="oldChanges">The stored object, changed so; null: none (CREATE).</param>
    /// <param name="newChanges">The object asked for, changed so; null: none (DELETE).</param>
    /// <param name="expected"><c>allowed</c>, or the HTTP code and the refused field (<c>-</c> for none).</param>
    [Theory]
    [InlineData("CREATE", Alice, "example-isp", null, "", "allowed")]
    [InlineData("CREATE", Alice, "example-isp", null, "spec.incoming.tls=\"None\"", "422 spec.incoming.tls")]
    [InlineData("CREATE", Alice, "example-isp", null, "spec.incoming.protocol=\"IMAP4\"; spec.incoming.apop=true", "422 spec.incoming.apop")]
    [InlineData("CREATE", Alice, "gmail", null, "", "422 metadata.name")]
    [InlineData("CREATE", Alice, "exchange-online", null, "", "422 metadata.name")]
    [InlineData("CREATE", OperatorUser, "gmail", null, "", "allowed")]
    [InlineData("CREATE", OperatorUser, "example-isp", null, "spec.outgoing.port=0", "422 spec.outgoing.port")]
    [InlineData("UPDATE", Alice, "example-isp", "", "spec.displayName=\"Renamed ISP\"", "allowed")]
    [InlineData("UPDATE", Alice, "example-isp", "", "spec.outgoing.tls=\"Implicit\"", "422 spec.outgoing.tls")]
    [InlineData("UPDATE", Alice, "gmail", "", "spec.displayName=\"My Gmail\"", "403 spec")]
    [InlineData("UPDATE", Alice, "exchange-online", "", "spec.outgoing.port=25", "403 spec")]
    [InlineData("UPDATE", Alice, "gmail", "", "metadata.annotations={\"example.com/owner\":\"platform\"}", "allowed")]
    [InlineData("UPDATE", OperatorUser, "gmail", "spec.displayName=\"My Gmail\"", "", "allowed")]
    [InlineData("UPDATE", OperatorUser, "gmail", "", "spec.incoming.port=0", "422 spec.incoming.port")]
    [InlineData("UPDATE", Alice, "example-isp", "metadata.deletionTimestamp=\"2025-01-02T03:04:05Z\"; spec.incoming.tls=\"None\"", "metadata.deletionTimestamp=\"2025-01-02T03:04:05Z\"; spec.incoming.tls=\"None\"; metadata.finalizers=[]", "allowed")]
    [InlineData("UPDATE", Alice, "example-isp", "spec.incoming.tls=\"None\"", "spec.incoming.tls=\"None\"; metadata.finalizers=[]", "422 spec.incoming.tls")]
    [InlineData("DELETE", Alice, "gmail", "", null, "403 -")]
    [InlineData("DELETE", Alice, "exchange-online", "", null, "403 -")]
    [InlineData("DELETE", "", "gmail", "", null, "403 -")]
    [InlineData("DELETE", OperatorUser, "gmail", "", null, "allowed")]
    [InlineData("DELETE", "system:serviceaccount:kube-system:namespace-controller", "gmail", "", null, "allowed")]
    [InlineData("DELETE", "system:kube-controller-manager", "exchange-online", "", null, "allowed")]
    [InlineData("DELETE", Alice, "example-isp", "spec.incoming.tls=\"None\"", null, "allowed")]
    [InlineData("CONNECT", Alice, "gmail", "", "", "403 operation")]
    // Owners would let the garbage collector delete a built-in; finalizers would keep a deleted one.
    [InlineData("UPDATE", Alice, "gmail", "", "metadata.ownerReferences=" + Owner, "403 metadata.ownerReferences")]
    [InlineData("UPDATE", Alice, "exchange-online", "", "metadata.finalizers=[\"example.com/hold\"]", "403 metadata.finalizers")]
    [InlineData("UPDATE", OperatorUser, "gmail", "", "metadata.ownerReferences=" + Owner, "allowed")]
    [InlineData("UPDATE", Alice, "gmail", "metadata.finalizers=[\"example.com/hold\"]", "metadata.finalizers=[]", "allowed")]
    [InlineData("UPDATE", Alice, "gmail", "metadata.finalizers=[\"example.com/hold\"]", "metadata.finalizers=[\"example.com/hold\"]", "allowed")]
    [InlineData("UPDATE", Alice, "example-isp", "", "metadata.ownerReferences=" + Owner + "; metadata.finalizers=[\"example.com/hold\"]", "allowed")]
    // The garbage collector deletes a built-in only when it has owners, and only it (with its own credentials) is let through so.
    [InlineData("DELETE", AdmissionPolicy.GarbageCollectorUser, "gmail", "metadata.ownerReferences=" + Owner, null, "allowed")]
    [InlineData("DELETE", AdmissionPolicy.GarbageCollectorUser, "gmail", "", null, "403 -")]
    [InlineData("DELETE", AdmissionPolicy.GarbageCollectorUser, "gmail", "metadata.ownerReferences=[]", null, "403 -")]
    [InlineData("DELETE", Alice, "gmail", "metadata.ownerReferences=" + Owner, null, "403 -")]
    [InlineData("DELETE", "system:serviceaccount:kube-system:replicaset-controller", "gmail", "metadata.ownerReferences=" + Owner, null, "403 -")]
    // Only the built-ins carry the built-in label.
    [InlineData("CREATE", Alice, "example-isp", null, "metadata.labels={\"mailshare.io/builtin\":\"true\"}", "422 metadata.labels[mailshare.io/builtin]")]
    [InlineData("UPDATE", Alice, "example-isp", "", "metadata.labels={\"mailshare.io/builtin\":\"true\"}", "422 metadata.labels[mailshare.io/builtin]")]
    [InlineData("CREATE", OperatorUser, "example-isp", null, "metadata.labels={\"mailshare.io/builtin\":\"true\"}", "422 metadata.labels[mailshare.io/builtin]")]
    public void Decide_Request_AllowsOrRefusesTheField(string operation, string user, string name, string? oldChanges, string? newChanges, string expected)
    {
        var request = Request(
            operation, user, name,
            oldChanges is null ? null : Document(name, oldChanges),
            newChanges is null ? null : Document(name, newChanges));

        var decision = AdmissionPolicy.Decide(request, OperatorUser);

        Assert.Equal(expected, Describe(decision));
    }

    [Fact]
    public void Decide_InvalidCreate_MessageAndCausesAreTheFieldAddressedErrors()
    {
        const string tlsError = "tls: None can never connect to port 995, where the server starts TLS at once: set tls: Implicit, or use port 110 for a plain-text connection";
        const string portError = "must be between 1 and 65535 (not 70000)";
        var document = Document("example-isp", "spec.incoming.tls=\"None\"; spec.outgoing.port=70000");

        var decision = AdmissionPolicy.Decide(Request("CREATE", Alice, "example-isp", null, document), OperatorUser);

        Assert.Equal($"spec.incoming.tls: {tlsError}; spec.outgoing.port: {portError}", decision.Status?.Message);
        Assert.Equal([("spec.incoming.tls", tlsError), ("spec.outgoing.port", portError)], decision.Status?.Details?.Causes?.Select(cause => (cause.Field, cause.Message)));
        Assert.Equal("example-isp", decision.Status?.Details?.Name);
        Assert.Equal("Invalid", decision.Status?.Reason);
    }

    [Theory]
    [InlineData("CREATE", "spec.incoming.retention={\"leaveOnServer\":true}", "spec.incoming.retention.leaveOnServer: leaveOnServer: true is not recommended: fetched mail stays on the server and the mailbox keeps growing")]
    [InlineData("CREATE", "spec.outgoing.authentication.mechanism=\"None\"", "spec.outgoing.authentication.mechanism: mechanism: None sends mail without SMTP AUTH; SMTP AUTH is recommended")]
    [InlineData("UPDATE", "spec.incoming.protocol=\"IMAP4\"; spec.incoming.port=993", "spec.incoming.retention.leaveOnServer: every message in INBOX will be deleted from the server when it is received, read or unread")]
    public void Decide_ValidWithWarnings_AllowedWithTheFieldAddressedWarning(string operation, string changes, string expected)
    {
        var document = Document("example-isp", changes);

        var decision = AdmissionPolicy.Decide(Request(operation, Alice, "example-isp", operation == "UPDATE" ? Document("example-isp") : null, document), OperatorUser);

        Assert.True(decision.Allowed);
        Assert.Equal([expected], decision.Warnings);
    }

    [Theory]
    [InlineData(Alice)]
    [InlineData(OperatorUser)]
    public void Decide_BuiltInUpdated_NoWarningsAboutSettingsOnlyTheOperatorControls(string user)
    {
        var stored = Document(ReservedMailServerNames.Gmail);
        Assert.NotEmpty(MailServerValidator.Validate(stored, MailServerValidationOptions.Default).Warnings);
        var annotated = Document(ReservedMailServerNames.Gmail, "metadata.annotations={\"example.com/owner\":\"platform\"}");

        var decision = AdmissionPolicy.Decide(Request("UPDATE", user, ReservedMailServerNames.Gmail, stored, annotated), OperatorUser);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Warnings);
    }

    [Fact]
    public void Decide_RefusedCreateWithWarnings_KeepsTheWarnings()
    {
        var document = Document("example-isp", "spec.incoming.tls=\"None\"");

        var decision = AdmissionPolicy.Decide(Request("CREATE", Alice, "example-isp", null, document), OperatorUser);

        Assert.False(decision.Allowed);
        Assert.Equal(["spec.incoming.tls: tls: None sends user names, passwords and mail in clear text; use StartTls or Implicit"], decision.Warnings);
    }

    [Theory]
    [InlineData(Alice, "403 metadata.labels[mailshare.io/builtin]")]
    [InlineData(OperatorUser, "allowed")]
    public void Decide_BuiltInLabelRemoved_OnlyTheOperatorMay(string user, string expected)
    {
        var stored = Document(ReservedMailServerNames.Gmail);

        var decision = AdmissionPolicy.Decide(Request("UPDATE", user, ReservedMailServerNames.Gmail, stored, WithoutBuiltInLabel(stored)), OperatorUser);

        Assert.Equal(expected, Describe(decision));
    }

    [Theory]
    [InlineData(false, "422 spec.incoming.tls")]
    [InlineData(true, "allowed")]
    public void Decide_CredentialsOverPlainText_AsTheFlagSays(bool allowPlaintextCredentials, string expected)
    {
        var document = Document("example-isp", "spec.incoming.port=110; spec.incoming.tls=\"None\"");

        var decision = AdmissionPolicy.Decide(Request("CREATE", Alice, "example-isp", null, document), OperatorUser, allowPlaintextCredentials);

        Assert.Equal(expected, Describe(decision));
    }

    [Fact]
    public void Decide_NoOperatorNameKnown_NobodyPassesAsTheOperator()
    {
        var decision = AdmissionPolicy.Decide(Request("DELETE", "", ReservedMailServerNames.Gmail, Document(ReservedMailServerNames.Gmail), null), operatorUserName: "");

        Assert.False(decision.Allowed);
    }

    [Theory]
    [InlineData("mailshare.io", "mailservers", "status")]
    [InlineData("", "pods", "")]
    [InlineData("example.com", "mailservers", "")]
    public void Decide_NotAMailServerWrite_Allowed(string group, string resource, string subResource)
    {
        var request = Request("CREATE", Alice, "example-isp", null, Document("example-isp", "spec.incoming.tls=\"None\"")) with
        {
            Resource = new AdmissionResource(group, "v1", resource),
            SubResource = subResource,
        };

        Assert.True(AdmissionPolicy.Decide(request, OperatorUser).Allowed);
    }

    [Fact]
    public void Decide_CreateWithGenerateName_ValidatedWithoutAName()
    {
        var document = Document("example-isp", "metadata.name; metadata.generateName=\"isp-\"; spec.incoming.tls=\"None\"");

        var decision = AdmissionPolicy.Decide(Request("CREATE", Alice, "", null, document), OperatorUser);

        Assert.Equal("422 spec.incoming.tls", Describe(decision));
    }

    private static string Describe(AdmissionDecision decision) =>
        decision.Allowed ? "allowed"
        : $"{decision.Status!.Code} {(decision.Status.Details?.Causes is [var first, ..] ? first.Field : FieldOf(decision.Status.Message))}";

    /// <summary>The field a 403 message starts with (<c>spec: …</c>), or <c>-</c>.</summary>
    private static string FieldOf(string message) =>
        message.StartsWith('"') || !message.Contains(": ", StringComparison.Ordinal) ? "-" : message[..message.IndexOf(": ", StringComparison.Ordinal)];
}
