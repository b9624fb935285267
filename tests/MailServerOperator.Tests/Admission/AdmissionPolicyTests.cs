using MailServerOperator.Admission;
using MailServerOperator.Api;
using MailServerOperator.Validation;
using static MailServerOperator.Tests.Admission.AdmissionRequests;

namespace MailServerOperator.Tests.Admission;

public sealed class AdmissionPolicyTests
{
    private const string Alice = "alice";

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
    [InlineData("CONNECT", Alice, "gmail", "", "", "allowed")]
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
    public void Decide_InvalidCreate_MessageIsTheValidatorsFieldAddressedText()
    {
        var document = Document("example-isp", "spec.incoming.tls=\"None\"; spec.outgoing.port=70000");
        var report = MailServerValidator.Validate(document);

        var decision = AdmissionPolicy.Decide(Request("CREATE", Alice, "example-isp", null, document), OperatorUser);

        Assert.Equal(string.Join("; ", report.Errors.Select(error => error.ToString())), decision.Status?.Message);
        Assert.Equal(report.Errors.Select(error => (error.Field, error.Message)), decision.Status?.Details?.Causes?.Select(cause => (cause.Field, cause.Message)));
        Assert.Equal(["spec.incoming.tls", "spec.outgoing.port"], report.Errors.Select(error => error.Field).Order());
        Assert.Equal("example-isp", decision.Status?.Details?.Name);
        Assert.Equal("Invalid", decision.Status?.Reason);
    }

    [Theory]
    [InlineData("CREATE", "spec.incoming.retention={\"leaveOnServer\":true}")]
    [InlineData("CREATE", "spec.outgoing.authentication.mechanism=\"None\"")]
    [InlineData("UPDATE", "spec.incoming.protocol=\"IMAP4\"; spec.incoming.port=993")]
    public void Decide_ValidWithWarnings_AllowedWithTheValidatorsWarnings(string operation, string changes)
    {
        var document = Document("example-isp", changes);
        var expected = MailServerValidator.Validate(document).Warnings.Select(warning => warning.ToString()).ToList();
        Assert.NotEmpty(expected);

        var decision = AdmissionPolicy.Decide(Request(operation, Alice, "example-isp", operation == "UPDATE" ? Document("example-isp") : null, document), OperatorUser);

        Assert.True(decision.Allowed);
        Assert.Equal(expected, decision.Warnings);
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
        Assert.Equal(MailServerValidator.Validate(document).Warnings.Select(warning => warning.ToString()), decision.Warnings);
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
