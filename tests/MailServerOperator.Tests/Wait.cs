namespace MailServerOperator.Tests;

/// <summary>Waits in real time, bounded, for what a background loop does after a fake clock moved (the test asserts on the outcome, not the time).</summary>
internal static class Wait
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string what = "condition")
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} not reached in {Limit.TotalSeconds:F0} s");
            await Task.Delay(10);
        }
    }
}
