using System.Globalization;

namespace MailServerOperator.E2E;

/// <summary>What /proc says about a process: resident memory and CPU time (user + system).</summary>
internal static class ProcessStats
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static double RssMiB(int pid) => StatusMiB(pid, "VmRSS:");

    /// <summary>The anonymous part of RSS (heaps, stacks, JIT code): what the process itself allocated, without mapped files.</summary>
    public static double RssAnonMiB(int pid) => StatusMiB(pid, "RssAnon:");

    private static double StatusMiB(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": field 3 is state, so utime (14) and stime (15) are at 11 and 12 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
