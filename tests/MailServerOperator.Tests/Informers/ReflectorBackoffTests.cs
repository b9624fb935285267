using MailServerOperator.Informers;

namespace MailServerOperator.Tests.Informers;

public sealed class ReflectorBackoffTests
{
    private static readonly ReflectorOptions Options = new();

    [Theory]
    [InlineData(0, 100, 200)] // the first retry is prompt
    [InlineData(1, 200, 400)]
    [InlineData(3, 800, 1600)]
    [InlineData(5, 2000, 4000)] // capped: half to all of the cap
    [InlineData(40, 2000, 4000)]
    [InlineData(int.MaxValue, 2000, 4000)]
    public void Delay_Failures_BetweenHalfAndAllOfTheCappedExponential(int failures, int lowestMs, int highestMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(lowestMs), ReflectorBackoff.Delay(failures, Options, 0.0));
        Assert.InRange(ReflectorBackoff.Delay(failures, Options, 0.999999), TimeSpan.FromMilliseconds(highestMs - 1), TimeSpan.FromMilliseconds(highestMs));
    }
}
