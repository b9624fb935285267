using System.Text.Json;
using MailServerOperator.Admission;
using Microsoft.Extensions.Logging.Abstractions;
using static MailServerOperator.Tests.Admission.AdmissionRequests;

namespace MailServerOperator.Tests.Admission;

public sealed class AdmissionReviewerTests
{
    private const string Alice = "alice";
    private const string Mallory = "mallory";
    private const string Secret = "example-isp-probe"; // what MailServerDocuments' valid document names

    [Theory]
    [InlineData(Alice, "allowed")]
    [InlineData(Mallory, "403 spec.probe.credentialsSecretRef.name")]
    public async Task DecideAsync_CreateNamingASecret_AllowedOnlyForWhoMayReadIt(string user, string expected)
    {
        var access = new RecordingSecretAccessReview((Alice, "mail-share", Secret));

        var decision = await Reviewer(access).DecideAsync(Request("CREATE", user, "example-isp", null, Document("example-isp")), CancellationToken.None);

        Assert.Equal(expected, Describe(decision));
        var question = Assert.Single(access.Questions);
        Assert.Equal((user, "mail-share", Secret), (question.User.Username, question.Namespace, question.Secret));
    }

    [Fact]
    public async Task DecideAsync_Refused_SaysWhoMayNotReadWhatInTheSameWordsWhetherItExistsOrNot()
    {
        var decision = await Reviewer(new RecordingSecretAccessReview()).DecideAsync(Request("CREATE", Mallory, "example-isp", null, Document("example-isp")), CancellationToken.None);

        Assert.Equal(
            $"spec.probe.credentialsSecretRef.name: user \"{Mallory}\" may not get Secret \"{Secret}\" in namespace \"mail-share\": a MailServer may name only a probe Secret its author may read",
            decision.Status?.Message);
        var cause = Assert.Single(decision.Status!.Details!.Causes!);
        Assert.Equal(("FieldValueForbidden", AdmissionReviewer.SecretField), (cause.Reason, cause.Field));
    }

    [Fact]
    public async Task DecideAsync_WholeIdentity_IsWhatTheReviewAsksAbout()
    {
        var access = new RecordingSecretAccessReview();
        var user = new AdmissionUserInfo
        {
            Username = Alice,
            Uid = "4f8c",
            Groups = ["tenants", "system:authenticated"],
            Extra = new Dictionary<string, IReadOnlyList<string>> { ["scopes.example.com"] = ["mail"] },
        };

        await Reviewer(access).DecideAsync(Request("CREATE", Alice, "example-isp", null, Document("example-isp")) with { UserInfo = user }, CancellationToken.None);

        Assert.Same(user, Assert.Single(access.Questions).User);
    }

    /// <param name="oldChanges">The stored object, changed so.</param>
    /// <param name="newChanges">The object asked for, changed so.</param>
    /// <param name="asked">Whether the apiserver is asked.</param>
    [Theory]
    [InlineData("", "spec.incoming.host=\"pop.attacker.example\"", true)]
    [InlineData("spec.probe.credentialsSecretRef.name=\"other\"", "", true)]
    [InlineData("", "metadata.annotations={\"mailshare.io/requested-at\":\"now\"}", false)]
    [InlineData("", "spec.probe.credentialsSecretRef", false)]
    [InlineData("spec.probe.credentialsSecretRef", "spec.probe.credentialsSecretRef", false)]
    public async Task DecideAsync_Update_AsksOnlyWhenTheSpecChangesAndNamesASecret(string oldChanges, string newChanges, bool asked)
    {
        var access = new RecordingSecretAccessReview();

        var decision = await Reviewer(access).DecideAsync(
            Request("UPDATE", Mallory, "example-isp", Document("example-isp", oldChanges), Document("example-isp", newChanges)), CancellationToken.None);

        Assert.Equal(asked, access.Questions.Count == 1);
        Assert.Equal(!asked, decision.Allowed);
    }

    [Fact]
    public async Task DecideAsync_InvalidAnyway_RefusedByTheValidatorWithoutAsking()
    {
        var access = new RecordingSecretAccessReview();

        var decision = await Reviewer(access).DecideAsync(Request("CREATE", Mallory, "example-isp", null, Document("example-isp", "spec.incoming.port=0")), CancellationToken.None);

        Assert.Equal("422 spec.incoming.port", Describe(decision));
        Assert.Empty(access.Questions);
    }

    [Fact]
    public async Task DecideAsync_ReviewFails_RefusedAsUnavailable()
    {
        var access = new RecordingSecretAccessReview((Alice, "mail-share", Secret)) { Failure = new HttpRequestException("connection refused") };

        var decision = await Reviewer(access).DecideAsync(Request("CREATE", Alice, "example-isp", null, Document("example-isp")), CancellationToken.None);

        Assert.Equal(503, decision.Status?.Code);
        Assert.StartsWith(AdmissionReviewer.SecretField + ": ", decision.Status?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("CREATE")]
    public async Task DecideAsync_NoSecretNamedOrDelete_NeverAsks(string operation)
    {
        var access = new RecordingSecretAccessReview();
        JsonElement? document = operation == "DELETE" ? null : Document("example-isp", "spec.probe");

        var decision = await Reviewer(access).DecideAsync(
            Request(operation, Mallory, "example-isp", operation == "DELETE" ? Document("example-isp") : null, document), CancellationToken.None);

        Assert.True(decision.Allowed);
        Assert.Empty(access.Questions);
    }

    private static AdmissionReviewer Reviewer(ISecretAccessReview access) =>
        new(new WebhookOptions { OperatorUserName = OperatorUser }, access, NullLogger<AdmissionReviewer>.Instance);

    private static string Describe(AdmissionDecision decision) =>
        decision.Allowed ? "allowed" : $"{decision.Status!.Code} {(decision.Status.Details?.Causes is [var first, ..] ? first.Field : "-")}";
}
