using System.Globalization;

namespace MailServerOperator.E2E;

/// <summary>The operator as bench/e2e.sh runs it: <c>run --disable-verification --disable-webhook --leader-elect=false</c> on one namespace.</summary>
internal static class OperatorProcess
{
    /// <summary>Starts the operator and returns once /readyz answers 200; throws with its last output if it exits or takes 5 min.</summary>
    public static async Task<ChildProcess> StartAsync(
        string path, string kubeconfig, string @namespace, int workers, IReadOnlyDictionary<string, string> environment, long? memoryLimit, HttpClient http)
    {
        var port = ChildProcess.FreePort();
        var op = ChildProcess.Start(path,
        [
            "run", "--kubeconfig", kubeconfig, "--namespace", @namespace, "--disable-verification", "--disable-webhook",
            "--leader-elect=false", "--workers", workers.ToString(CultureInfo.InvariantCulture),
            "--health-probe-bind-address", $"http://127.0.0.1:{port}",
        ], environment, memoryLimit);
        var ready = new Uri($"http://127.0.0.1:{port}/readyz");
        while (true)
        {
            if (op.HasExited || op.Started.Elapsed > TimeSpan.FromMinutes(5))
            {
                var tail = op.Tail();
                await op.DisposeAsync();
                throw new InvalidOperationException("the operator did not become ready:\n" + tail);
            }

            try
            {
                using var response = await http.GetAsync(ready);
                if (response.IsSuccessStatusCode)
                {
                    return op;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(10);
        }
    }
}
