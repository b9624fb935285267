using MailServerOperator.Api;
using MailServerOperator.Status;

namespace MailServerOperator.Tests.Status;

public sealed class ConditionTransitionsTests
{
    private const string T = ConditionStatus.True;
    private const string F = ConditionStatus.False;
    private const string U = ConditionStatus.Unknown;

    /// <summary>Conditions as "Type=Status/Reason" (message = reason); the expectation lists "Type=Status warning|normal".</summary>
    [Theory]
    [InlineData("", "Valid=True/Valid Ready=True/VerificationDisabled", "")]
    [InlineData("", "Valid=True/Valid Reconciling=True/Verifying Ready=Unknown/Verifying", "")]
    [InlineData("Valid=True/Valid Ready=Unknown/Verifying", "Valid=True/Valid Ready=True/Verified", "")]
    [InlineData("Valid=True/Valid Ready=True/Verified", "Valid=True/Valid Ready=Unknown/Verifying", "")]
    [InlineData("Valid=True/Valid Ready=True/Verified", "Valid=True/Valid Ready=True/Verified", "")]
    [InlineData("", "Valid=False/InvalidSpec Ready=False/InvalidSpec Stalled=True/InvalidSpec", "Valid=False warning")]
    [InlineData("Valid=True/Valid Ready=True/Verified", "Valid=False/InvalidSpec Ready=False/InvalidSpec Stalled=True/InvalidSpec", "Valid=False warning")]
    [InlineData("Valid=False/InvalidSpec Ready=False/InvalidSpec", "Valid=False/InvalidSpec Ready=False/InvalidSpec", "")]
    [InlineData("Valid=False/InvalidSpec Ready=False/InvalidSpec", "Valid=True/Valid Ready=True/VerificationDisabled", "Valid=True normal Ready=True normal")]
    [InlineData("Valid=True/Valid Ready=Unknown/Verifying", "Valid=True/Valid Ready=False/IncomingUnreachable", "Ready=False warning")]
    [InlineData("Valid=True/Valid Ready=True/Verified", "Valid=True/Valid Ready=False/IncomingUnreachable", "Ready=False warning")]
    [InlineData("Valid=True/Valid Ready=False/IncomingUnreachable", "Valid=True/Valid Ready=False/OutgoingUnreachable", "Ready=False warning")]
    [InlineData("Valid=True/Valid Ready=False/IncomingUnreachable", "Valid=True/Valid Ready=False/IncomingUnreachable", "")]
    [InlineData("Valid=True/Valid Ready=False/IncomingUnreachable", "Valid=True/Valid Ready=True/Verified", "Ready=True normal")]
    [InlineData("Valid=True/Valid IncomingReachable=True/Verified", "Valid=True/Valid IncomingReachable=False/UidlNotSupported Ready=False/IncomingUnreachable", "Ready=False warning")]
    public void Between_ConditionChanges_EventsOnlyForWhatAPersonActsOn(string before, string after, string expected)
    {
        var transitions = ConditionTransitions.Between(Parse(before), Parse(after));

        Assert.Equal(expected, string.Join(" ", transitions.Select(t => $"{t.Condition.Type}={t.Condition.Status} {(t.Warning ? "warning" : "normal")}")));
    }

    [Fact]
    public void Between_InvalidSpecChangesToAnotherError_OneWarning()
    {
        var before = new[] { Condition(ConditionTypes.Valid, F, "InvalidSpec", "spec.incoming.port: too big") };
        var after = new[] { Condition(ConditionTypes.Valid, F, "InvalidSpec", "spec.outgoing.host: required") };

        Assert.Single(ConditionTransitions.Between(before, after), t => t.Warning);
    }

    [Fact]
    public void Between_ReadyMessageChangesWithSameReason_NoEvent()
    {
        var before = new[] { Condition(ConditionTypes.Ready, F, "IncomingUnreachable", "timed out after 10 s") };
        var after = new[] { Condition(ConditionTypes.Ready, F, "IncomingUnreachable", "connection refused") };

        Assert.Empty(ConditionTransitions.Between(before, after));
    }

    private static MailServerCondition[] Parse(string conditions) =>
        [.. conditions.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c =>
        {
            var (type, rest) = (c[..c.IndexOf('=', StringComparison.Ordinal)], c[(c.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var parts = rest.Split('/');
            return Condition(type, parts[0] switch { "True" => T, "False" => F, _ => U }, parts[1], parts[1]);
        })];

    private static MailServerCondition Condition(string type, string status, string reason, string message) =>
        new() { Type = type, Status = status, Reason = reason, Message = message };
}
