using System.Globalization;

namespace MailServerOperator.E2E;

/// <summary>
/// Where a process's resident memory is, from <c>/proc/PID/smaps</c>: the GC's heap (the anonymous mappings inside
/// the range the GC reserves), JIT-compiled code and stubs (W^X double-mapped memfd, or anonymous executable memory),
/// thread stacks (anonymous mappings right after a guard page), the native heap (malloc arenas and brk), and
/// file-backed pages of managed assemblies (the app's and the shared framework's) and native libraries.
/// </summary>
internal static class MemoryMap
{
    public static readonly string[] Categories =
    [
        "GC heap", "JIT code and stubs", "thread stacks", "native heap and other anonymous",
        "app assemblies (file)", "framework assemblies (file)", "native libraries (file)", "other",
    ];

    private const long ReservationKiB = 256 * 1024; // the largest anonymous ---p mapping at least this large is the GC's range

    /// <summary>Resident KiB per category (every category present), and the largest file-backed mappings by file.</summary>
    public static (Dictionary<string, double> MiB, List<(string File, double MiB)> Files) Read(int pid, string appDirectory)
    {
        var mappings = Parse(File.ReadLines($"/proc/{pid}/smaps"));
        var gcRange = GcRange(mappings);
        var result = Categories.ToDictionary(c => c, _ => 0.0, StringComparer.Ordinal);
        var files = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < mappings.Count; i++)
        {
            var m = mappings[i];
            var category = Categorize(mappings, i, gcRange, appDirectory);
            result[category] += m.RssKiB / 1024.0;
            if (m.Path.StartsWith('/') && !m.Path.StartsWith("/memfd:", StringComparison.Ordinal))
            {
                var name = Path.GetFileName(m.Path);
                files[name] = files.GetValueOrDefault(name) + (m.RssKiB / 1024.0);
            }
        }

        return (result, [.. files.OrderByDescending(f => f.Value).Take(8).Select(f => (f.Key, f.Value))]);
    }

    private static string Categorize(List<Mapping> mappings, int i, (int First, int Last) gcRange, string appDirectory)
    {
        var m = mappings[i];
        if (m.Path.Contains("doublemapper", StringComparison.Ordinal))
        {
            return "JIT code and stubs";
        }

        if (m.Path.Length == 0)
        {
            if (i >= gcRange.First && i <= gcRange.Last)
            {
                return "GC heap";
            }

            if (m.Permissions.Contains('x', StringComparison.Ordinal))
            {
                return "JIT code and stubs";
            }

            var guarded = i > 0 && mappings[i - 1] is { Path.Length: 0, Permissions: "---p" } guard && guard.End == m.Start && guard.SizeKiB <= 64;
            return guarded ? "thread stacks" : "native heap and other anonymous";
        }

        if (m.Path is "[heap]")
        {
            return "native heap and other anonymous";
        }

        if (m.Path is "[stack]")
        {
            return "thread stacks";
        }

        if (m.Path.EndsWith(".dll", StringComparison.Ordinal))
        {
            return m.Path.StartsWith(appDirectory, StringComparison.Ordinal) ? "app assemblies (file)" : "framework assemblies (file)";
        }

        return m.Path.Contains(".so", StringComparison.Ordinal) ? "native libraries (file)" : "other";
    }

    /// <summary>The run of adjacent anonymous mappings that holds the GC's large reservation (committed parts included).</summary>
    private static (int First, int Last) GcRange(List<Mapping> mappings)
    {
        var reserved = -1;
        for (var i = 0; i < mappings.Count; i++)
        {
            if (mappings[i] is { Path.Length: 0, Permissions: "---p" } m && m.SizeKiB >= ReservationKiB && !BeforeFile(mappings, i)
                && (reserved < 0 || m.SizeKiB > mappings[reserved].SizeKiB))
            {
                reserved = i;
            }
        }

        if (reserved < 0)
        {
            return (-1, -1);
        }

        int first = reserved, last = reserved;
        while (first > 0 && mappings[first - 1].Path.Length == 0 && mappings[first - 1].End == mappings[first].Start && !IsArena(mappings, first - 1))
        {
            first--;
        }

        while (last + 1 < mappings.Count && mappings[last + 1].Path.Length == 0 && mappings[last].End == mappings[last + 1].Start && !IsArena(mappings, last + 1))
        {
            last++;
        }

        return (first, last);
    }

    /// <summary>The runtime reserves its executable-memory range right below libcoreclr.so; the GC's range is elsewhere.</summary>
    private static bool BeforeFile(List<Mapping> mappings, int i) =>
        i + 1 < mappings.Count && mappings[i + 1].Path.StartsWith('/') && mappings[i + 1].Start == mappings[i].End;

    /// <summary>
    /// A glibc per-thread malloc arena: 64 MiB reserved on a 64 MiB boundary, the used part rw-p and the rest ---p (a GC
    /// region committed on such a boundary is followed by reserved space of another length).
    /// </summary>
    private static bool IsArena(List<Mapping> mappings, int i)
    {
        const long Arena = 64L * 1024 * 1024;
        var m = mappings[i];
        if (m.Start % Arena != 0 || m.Permissions != "rw-p")
        {
            return false;
        }

        var rest = i + 1 < mappings.Count && mappings[i + 1] is { Permissions: "---p", Path.Length: 0 } next && next.Start == m.End ? next.End : m.End;
        return rest - m.Start == Arena;
    }

    private static List<Mapping> Parse(IEnumerable<string> lines)
    {
        var mappings = new List<Mapping>();
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && dash < space && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start))
            {
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                var end = long.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                mappings.Add(new Mapping(start, end, fields[1], fields.Length > 5 ? fields[5].Trim() : ""));
            }
            else if (mappings.Count > 0 && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                mappings[^1].RssKiB = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return mappings;
    }

    private sealed class Mapping(long start, long end, string permissions, string path)
    {
        public long Start { get; } = start;

        public long End { get; } = end;

        public string Permissions { get; } = permissions;

        public string Path { get; } = path;

        public long SizeKiB => (End - Start) / 1024;

        public long RssKiB { get; set; }
    }
}
