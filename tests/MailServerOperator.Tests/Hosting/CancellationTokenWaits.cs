namespace MailServerOperator.Tests.Hosting;

internal static class CancellationTokenWaits
{
    /// <summary>Returns once <paramref name="token"/> is cancelled; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task WaitForCancellationAsync(this CancellationToken token, TimeSpan timeout)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = token.Register(() => cancelled.TrySetResult());
        await cancelled.Task.WaitAsync(timeout);
    }
}
