using System.Diagnostics;

namespace MailServerOperator.IntegrationTests.Controller;

internal static class Eventually
{
    /// <summary>
    /// Polls until <paramref name="check"/> returns null (success) or the timeout passes; fails with the last complaint.
    /// A failed attempt, a timed-out or cancelled request included (an HTTP client's timeout is an
    /// <see cref="OperationCanceledException"/>), is a complaint like any other and the next attempt follows.
    /// </summary>
    public static async Task<TimeSpan> SucceedsAsync(string what, TimeSpan timeout, Func<Task<string?>> check)
    {
        var started = Stopwatch.StartNew();
        string? complaint = "not checked";
        var attempts = 0;
        while (attempts == 0 || started.Elapsed < timeout)
        {
            attempts++;
            try
            {
                complaint = await check();
            }
            catch (Exception ex)
            {
                complaint = ex.GetType().Name + ": " + ex.Message;
            }

            if (complaint is null)
            {
                return started.Elapsed;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s ({attempts} attempts) waiting for {what}: {complaint}");
        return timeout;
    }
}
