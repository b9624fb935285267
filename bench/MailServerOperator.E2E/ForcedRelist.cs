using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;

namespace MailServerOperator.E2E;

/// <summary>
/// Makes the operator list again as it must after an API server restart that lost its place: the operator is
/// paused, a write moves the resource version on, the API server restarts (a new watch cache), the operator resumes,
/// its watch fails with 410 Gone and it relists. Waits for its next "Listed" line. The API server is killed, not
/// terminated: a graceful shutdown waits a minute for the paused operator's watch to finish.
/// </summary>
internal static class ForcedRelist
{
    public static async Task RunAsync(k8s.Kubernetes client, ChildProcess op, string @namespace, string controlPlaneDirectory, string repositoryRoot)
    {
        var listed = op.CountLines("Listed mailservers");
        op.Signal("STOP");
        try
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "relist-" } }, @namespace);
            var pidFile = Path.Combine(controlPlaneDirectory, "kube-apiserver.pid");
            var apiServer = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            using (var kill = Process.Start("kill", ["-KILL", apiServer.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            while (Directory.Exists($"/proc/{apiServer}"))
            {
                await Task.Delay(50);
            }

            using var start = Process.Start(new ProcessStartInfo(Path.Combine(repositoryRoot, "hack", "control-plane.sh"), ["start", controlPlaneDirectory])
            {
                RedirectStandardOutput = true,
            })!;
            await start.WaitForExitAsync();
            if (start.ExitCode != 0)
            {
                throw new InvalidOperationException("the API server did not start again");
            }
        }
        finally
        {
            op.Signal("CONT");
        }

        await op.WaitForLinesAsync("Listed mailservers", listed + 1, TimeSpan.FromMinutes(3));
    }
}
