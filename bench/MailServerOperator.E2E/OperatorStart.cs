using System.Globalization;

namespace MailServerOperator.E2E;

/// <summary>Starts the operator as the benchmarks run it (one namespace, no verification, no webhook) and waits for /readyz.</summary>
internal static class OperatorStart
{
    public static async Task<ChildProcess> ReadyAsync(
        HttpClient http, string operatorPath, string kubeconfig, string @namespace, int workers, IReadOnlyDictionary<string, string> environment, long? memoryLimit)
    {
        var port = ChildProcess.FreePort();
        var op = ChildProcess.Start(operatorPath,
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
