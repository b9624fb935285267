namespace MailServerOperator.IntegrationTests.Controller;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="check"/> returns null (success) or the timeout passes; fails with the last complaint.</summary>
    public static async Task<TimeSpan> SucceedsAsync(string what, TimeSpan timeout, Func<Task<string?>> check)
    {
        var started = DateTime.UtcNow;
        string? complaint = "not checked";
        while (DateTime.UtcNow - started < timeout)
        {
            try
            {
                complaint = await check();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                complaint = ex.GetType().Name + ": " + ex.Message;
            }

            if (complaint is null)
            {
                return DateTime.UtcNow - started;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}: {complaint}");
        return timeout;
    }
}
