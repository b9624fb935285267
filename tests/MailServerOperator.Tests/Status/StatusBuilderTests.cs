using MailServerOperator.Status;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Status;

public sealed class StatusBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_ValidSpec_ReadyTrueSayingVerificationHasNotRun()
    {
        var status = StatusBuilder.Build(Inputs([]));

        Assert.Equal(ConditionStatus.True, status.Conditions.Find(ConditionTypes.Valid)!.Status);
        var ready = status.Conditions.Find(ConditionTypes.Ready)!;
        Assert.Equal(ConditionStatus.True, ready.Status);
        Assert.Contains("verification has not run", ready.Message, StringComparison.Ordinal);
        Assert.Null(status.Conditions.Find(ConditionTypes.Stalled));
        Assert.Equal(7, status.ObservedGeneration);
        Assert.Equal(4, status.Position);
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
