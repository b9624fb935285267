using System.Text.Json;
using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Probing;
using MailServerOperator.Status;
using MailServerOperator.Validation;
using MailServerOperator.Verification;

namespace MailServerOperator.Tests.Status;

public sealed class StatusBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_ValidSpecVerificationDisabled_ReadyTrueSayingSo()
    {
        var status = StatusBuilder.Build(Inputs([]) with { VerificationEnabled = false });

        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.Valid)!.Status);
        var ready = status.Conditions.Find(ConditionTypes.Ready)!;
        Assert.Equal(ConditionStatus.True, ready.Status);
        Assert.Contains("verification is disabled", ready.Message, StringComparison.Ordinal);
        Assert.Null(status.Conditions.Find(ConditionTypes.Stalled));
        Assert.Equal(7, status.ObservedGeneration);
        Assert.Equal(4, status.Position);
    }

    [Fact]
    public void Build_ValidSpecFirstVerificationRunning_ReconcilingTrueReadyUnknown()
    {
        var status = StatusBuilder.Build(Inputs([]));

        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.Reconciling)!.Status);
        Assert.Equal(ConditionStatus.Unknown, status.Conditions.Find(ConditionTypes.Ready)!.Status);
        Assert.Null(status.Conditions.Find(ConditionTypes.IncomingReachable));
        Assert.Equal("POP3 pop.example.jp:995", status.Incoming!.Endpoint);
        Assert.Null(status.Incoming.VerifiedAt);
    }

    [Fact]
    public void Build_BothServersVerified_ReadyTrueWithProbeDetails()
    {
        var status = StatusBuilder.Build(Inputs([]) with { Verification = Outcome(ProbeReason.Verified, ProbeReason.Verified) });

        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.Ready)!.Status);
        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.IncomingReachable)!.Status);
        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.OutgoingReachable)!.Status);
        Assert.Null(status.Conditions.Find(ConditionTypes.Reconciling));
        Assert.Equal(["UIDL", "TOP"], status.Incoming!.Capabilities);
        Assert.Equal(42, status.Incoming.LatencyMs);
        Assert.Equal("TLSv1.3", status.Incoming.TlsProtocol);
        Assert.Equal(10485760, status.Outgoing!.MaxMessageSize);
        Assert.Equal(["PLAIN"], status.Outgoing.AuthMechanisms);
        Assert.Equal(Now, status.Outgoing.VerifiedAt);
    }

    [Theory]
    [InlineData("UidlNotSupported", "Verified", "IncomingUnreachable")]
    [InlineData("Verified", "StartTlsNotOffered", "OutgoingUnreachable")]
    [InlineData("Timeout", "ConnectionRefused", "IncomingUnreachable")]
    public void Build_ServerFailed_ReadyFalseNamingTheDirectionAndProbeReason(string incomingReason, string outgoingReason, string readyReason)
    {
        var incoming = Enum.Parse<ProbeReason>(incomingReason);
        var outgoing = Enum.Parse<ProbeReason>(outgoingReason);
        var status = StatusBuilder.Build(Inputs([]) with { Verification = Outcome(incoming, outgoing) });

        var ready = status.Conditions.Find(ConditionTypes.Ready)!;
        Assert.Equal(ConditionStatus.False, ready.Status);
        Assert.Equal(readyReason, ready.Reason);
        Assert.Equal(incoming.ToString(), status.Conditions.Find(ConditionTypes.IncomingReachable)!.Reason);
        Assert.Equal(outgoing.ToString(), status.Conditions.Find(ConditionTypes.OutgoingReachable)!.Reason);
        Assert.Contains($"message for {(incoming != ProbeReason.Verified ? incoming : outgoing)}", ready.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CredentialsUnavailable", "False")]
    [InlineData("CredentialsReadFailed", "Unknown")]
    [InlineData("OperatorError", "Unknown")]
    public void Build_ProblemStoppedTheProbes_ReadyFalseWithTheProblemsReasonAndServersFalseOrUnknown(string reason, string serversStatus)
    {
        var problem = new VerificationProblem(reason, "what failed", ServersUnknown: serversStatus == "Unknown");
        var outcome = new VerificationOutcome("f", Now, Now.AddMinutes(5), null, null, problem);

        var status = StatusBuilder.Build(Inputs([]) with { Verification = outcome });

        Assert.All(
            [ConditionTypes.IncomingReachable, ConditionTypes.OutgoingReachable, ConditionTypes.Ready],
            type => Assert.Equal((reason, "what failed"), (status.Conditions.Find(type)!.Reason, status.Conditions.Find(type)!.Message)));
        Assert.Equal(serversStatus, status.Conditions.Find(ConditionTypes.IncomingReachable)!.Status);
        Assert.Equal(serversStatus, status.Conditions.Find(ConditionTypes.OutgoingReachable)!.Status);
        Assert.Equal(ConditionStatus.False, status.Conditions.Find(ConditionTypes.Ready)!.Status);
        Assert.Null(status.Incoming!.VerifiedAt);
    }

    [Fact]
    public void Build_VerificationAnsweredARequest_RecordsItAsLastHandled()
    {
        var status = StatusBuilder.Build(Inputs([]) with { Verification = Outcome(ProbeReason.Verified, ProbeReason.Verified) with { RequestedAt = "2026-11-28T09:00:00Z" } });

        Assert.Equal("2026-11-28T09:00:00Z", status.LastHandledRequestedAt);
    }

    [Fact]
    public void Build_NewVerificationRunning_KeepsTheLastHandledRequest()
    {
        var previous = new MailServerStatus { LastHandledRequestedAt = "first" };

        var status = StatusBuilder.Build(Inputs([]) with { Previous = previous });

        Assert.Equal("first", status.LastHandledRequestedAt);
    }

    [Theory]
    [InlineData("Verified", "Verified")]
    [InlineData("Timeout", "Verified")]
    [InlineData("Verified", "AuthenticationFailed")]
    [InlineData("CertificateInvalid", "StartTlsNotOffered")]
    public void Build_FromVerificationReadBackFromStatus_SameStatusSoARestartWritesNothing(string incomingReason, string outgoingReason)
    {
        var written = StatusBuilder.Build(Inputs([]) with
        {
            Verification = Outcome(Enum.Parse<ProbeReason>(incomingReason), Enum.Parse<ProbeReason>(outgoingReason)) with { CompletedAt = Now.AddMilliseconds(730), RequestedAt = "r1" },
        });
        var stored = new MailServer
        {
            Metadata = new V1ObjectMeta { Generation = 7 },
            Spec = new MailServerSpec { Probe = new ProbeSpec { Interval = "1h" } },
            Status = JsonSerializer.Deserialize<MailServerStatus>(JsonSerializer.Serialize(written, MailServerJson.Options), MailServerJson.Options),
        };

        var recorded = RecordedVerification.Read(stored, "fingerprint");
        var rebuilt = StatusBuilder.Build(Inputs([]) with { Verification = recorded, Previous = stored.Status, Now = Now.AddMinutes(3) });

        Assert.True(StatusComparer.AreEqual(stored.Status, rebuilt), JsonSerializer.Serialize(rebuilt, MailServerJson.Options));
        Assert.Equal(Now.AddHours(1), recorded!.NextDueAt);
        Assert.Equal("r1", recorded.RequestedAt);
    }

    [Fact]
    public void Build_InvalidSpecWithOldVerification_ReportsOnlyTheSpecProblem()
    {
        var status = StatusBuilder.Build(Inputs([ValidationIssue.Error("spec.incoming.apop", "only with POP3")]) with { Verification = Outcome(ProbeReason.Verified, ProbeReason.Verified) });

        Assert.Equal(StatusBuilder.ReasonInvalidSpec, status.Conditions.Find(ConditionTypes.Ready)!.Reason);
        Assert.Null(status.Conditions.Find(ConditionTypes.IncomingReachable));
        Assert.Null(status.Incoming!.VerifiedAt);
    }

    [Fact]
    public void Build_InvalidSpec_ValidFalseStalledTrueNamingTheField()
    {
        var status = StatusBuilder.Build(Inputs([ValidationIssue.Error("spec.incoming.port", "must be at most 65535")]));

        var valid = status.Conditions.Find(ConditionTypes.Valid)!;
        Assert.Equal(ConditionStatus.False, valid.Status);
        Assert.Contains("spec.incoming.port: must be at most 65535", valid.Message, StringComparison.Ordinal);
        Assert.Equal(ConditionStatus.False, status.Conditions.Find(ConditionTypes.Ready)!.Status);
        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.Stalled)!.Status);
        Assert.All(status.Conditions!, c => Assert.Equal(7, c.ObservedGeneration));
    }

    [Fact]
    public void Build_Warnings_ListedInStatusButStillValid()
    {
        var status = StatusBuilder.Build(Inputs([ValidationIssue.Warning("spec.outgoing.tls", "credentials travel in clear text")]));

        Assert.Equal(["spec.outgoing.tls: credentials travel in clear text"], status.Warnings);
        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.Valid)!.Status);
    }

    [Fact]
    public void Build_SameInputsTwice_ComparesEqualSoNothingIsWritten()
    {
        var first = StatusBuilder.Build(Inputs([]));

        var second = StatusBuilder.Build(Inputs([]) with { Previous = first, Now = Now.AddMinutes(5) });

        Assert.True(StatusComparer.AreEqual(first, second));
    }

    [Fact]
    public void Build_PositionChanged_ComparesDifferent()
    {
        var first = StatusBuilder.Build(Inputs([]));

        var second = StatusBuilder.Build(Inputs([]) with { Previous = first, Position = 5 });

        Assert.False(StatusComparer.AreEqual(first, second));
    }

    private static VerificationOutcome Outcome(ProbeReason incoming, ProbeReason outgoing) => new(
        "fingerprint",
        Now,
        Now.AddMinutes(5),
        new IncomingProbeResult(incoming, $"message for {incoming}", TimeSpan.FromMilliseconds(42), "TLSv1.3", "CN=pop.example.jp", Now.AddDays(60), ["UIDL", "TOP"], ["PLAIN"]),
        new OutgoingProbeResult(outgoing, $"message for {outgoing}", TimeSpan.FromMilliseconds(17), "TLSv1.3", "CN=smtp.example.jp", Now.AddDays(60), ["SIZE", "AUTH"], 10485760, ["PLAIN"]),
        null);

    private static StatusInputs Inputs(IReadOnlyList<ValidationIssue> issues) => new()
    {
        Generation = 7,
        Issues = issues,
        Position = 4,
        IncomingEndpoint = "POP3 pop.example.jp:995",
        OutgoingEndpoint = "smtp.example.jp:587",
        Now = Now,
    };
}
