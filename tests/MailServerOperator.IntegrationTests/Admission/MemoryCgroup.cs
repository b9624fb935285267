using System.Globalization;
using System.Security.Cryptography;

namespace MailServerOperator.IntegrationTests.Admission;

/// <summary>
/// A cgroup v1 memory group under <c>/sys/fs/cgroup/memory</c> (root only), as a container's memory limit: a process
/// started through <see cref="Wrap"/> joins it before the .NET runtime starts, so the runtime sizes its heap by the limit.
/// </summary>
internal sealed class MemoryCgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup/memory";

    private MemoryCgroup(string path, long limit)
    {
        Path = path;
        Limit = limit;
    }

    public string Path { get; }

    public long Limit { get; }

    /// <summary>The kernel's high-water mark of the group's memory (anonymous memory and page cache).</summary>
    public long MaxUsage => Read("memory.max_usage_in_bytes");

    public long Usage => Read("memory.usage_in_bytes");

    /// <summary>How many processes of the group the kernel's OOM killer killed.</summary>
    public long OomKills => long.Parse(
        File.ReadAllLines(System.IO.Path.Combine(Path, "memory.oom_control")).Single(line => line.StartsWith("oom_kill ", StringComparison.Ordinal))["oom_kill ".Length..],
        CultureInfo.InvariantCulture);

    public static MemoryCgroup Create(string prefix, long limit)
    {
        if (!Directory.Exists(Root))
        {
            throw new InvalidOperationException($"{Root} is missing: this test needs cgroup v1's memory controller (and root)");
        }

        var path = System.IO.Path.Combine(Root, $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        Directory.CreateDirectory(path);
        File.WriteAllText(System.IO.Path.Combine(path, "memory.limit_in_bytes"), limit.ToString(CultureInfo.InvariantCulture));
        return new MemoryCgroup(path, limit);
    }

    /// <summary><c>/bin/sh</c> arguments that move the shell into this group and then exec <paramref name="fileName"/>.</summary>
    public IReadOnlyList<string> Wrap(string fileName, IEnumerable<string> arguments) =>
        ["-c", $"echo $$ > '{System.IO.Path.Combine(Path, "cgroup.procs")}' && exec \"$0\" \"$@\"", fileName, .. arguments];

    public void ResetMaxUsage() => File.WriteAllText(System.IO.Path.Combine(Path, "memory.max_usage_in_bytes"), "0");

    public void Dispose()
    {
        // The group can be removed only once empty; its processes were stopped by the test.
        for (var attempt = 0; attempt < 50 && Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }

    private long Read(string file) => long.Parse(File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim(), CultureInfo.InvariantCulture);
}
