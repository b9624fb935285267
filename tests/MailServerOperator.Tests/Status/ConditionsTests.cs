using MailServerOperator.Status;

namespace MailServerOperator.Tests.Status;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 30, 15, 250, TimeSpan.Zero);

    [Fact]
    public void Stamp_StatusUnchanged_KeepsPreviousTransitionTime()
    {
        var previous = new[] { Conditions.Make(ConditionTypes.Ready, true, "Valid", "old message") with { LastTransitionTime = Earlier } };

        var stamped = Conditions.Stamp([Conditions.Make(ConditionTypes.Ready, true, "Valid", "new message")], previous, 4, Now);

        Assert.Equal(Earlier, stamped.Single().LastTransitionTime);
        Assert.Equal(4, stamped.Single().ObservedGeneration);
    }

    [Fact]
    public void Stamp_StatusFlipped_MovesTransitionTimeToNow()
    {
        var previous = new[] { Conditions.Make(ConditionTypes.Ready, true, "Valid", "") with { LastTransitionTime = Earlier } };

        var stamped = Conditions.Stamp([Conditions.Make(ConditionTypes.Ready, false, "InvalidSpec", "")], previous, 5, Now);

        Assert.Equal(Now, stamped.Single().LastTransitionTime);
    }

    [Fact]
    public void Stamp_NewConditionType_StartsNow()
    {
        var stamped = Conditions.Stamp([Conditions.Make(ConditionTypes.Stalled, true, "InvalidSpec", "")], [], 1, Now);

        Assert.Equal(Now, stamped.Single().LastTransitionTime);
    }
}
