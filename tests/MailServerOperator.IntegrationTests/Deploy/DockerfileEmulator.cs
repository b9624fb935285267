using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// Runs a Dockerfile's stages on the host, without Docker, so CI proves the image build works: each stage gets a
/// directory for its <c>/</c>; COPY copies from the build context (honouring .dockerignore) or from an earlier stage;
/// RUN runs <c>/bin/sh -c</c> in the working directory with the stage's ENV and ARGs (an ARG that is an absolute
/// path is moved into the stage's directory, which is how RUN steps reach absolute paths). Anything else is refused,
/// so the Dockerfile cannot grow an instruction this emulation would silently skip.
/// </summary>
internal sealed partial class DockerfileEmulator(string contextDirectory, string outputDirectory, IReadOnlyDictionary<string, string?> runEnvironment)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(15);

    private readonly DockerIgnore _ignore = DockerIgnore.Read(contextDirectory);
    private readonly Dictionary<string, EmulatedStage> _stages = new(StringComparer.Ordinal);

    /// <summary>What ran and how long it took.</summary>
    public StringBuilder Log { get; } = new();

    public async Task<IReadOnlyList<EmulatedStage>> BuildAsync(IReadOnlyList<DockerfileStage> stages)
    {
        var built = new List<EmulatedStage>();
        for (var index = 0; index < stages.Count; index++)
        {
            var name = stages[index].Name ?? index.ToString(CultureInfo.InvariantCulture);
            var stage = new EmulatedStage(name, Directory.CreateDirectory(Path.Combine(outputDirectory, name)).FullName);
            foreach (var instruction in stages[index].Instructions)
            {
                await ExecuteAsync(stage, instruction);
            }

            _stages[name] = stage;
            built.Add(stage);
        }

        return built;
    }

    private async Task ExecuteAsync(EmulatedStage stage, DockerfileInstruction instruction)
    {
        switch (instruction.Keyword)
        {
            case "ARG":
                var (name, value) = instruction.Arguments.Split('=', 2) is [var n, var v] ? (n, Expand(stage, v)) : (instruction.Arguments, "");
                stage.Arguments[name] = value.StartsWith('/') ? stage.HostPath(value) : value;
                break;
            case "ENV":
                foreach (var (key, text) in ParseEnv(instruction))
                {
                    stage.Environment[key] = Expand(stage, text);
                }

                break;
            case "WORKDIR":
                stage.WorkingDirectory = stage.ContainerPath(Expand(stage, instruction.Arguments));
                Directory.CreateDirectory(stage.HostPath(stage.WorkingDirectory));
                break;
            case "COPY":
                Copy(stage, instruction);
                break;
            case "RUN":
                await RunAsync(stage, instruction);
                break;
            case "USER":
                stage.User = instruction.Arguments;
                break;
            case "EXPOSE":
                stage.ExposedPorts.AddRange(instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(port => int.Parse(port.Split('/')[0], CultureInfo.InvariantCulture)));
                break;
            case "ENTRYPOINT":
                stage.Entrypoint = ExecForm(instruction);
                break;
            case "CMD":
                stage.Command = ExecForm(instruction);
                break;
            case "LABEL":
                break;
            default:
                throw new NotSupportedException($"Dockerfile {instruction}: {instruction.Keyword} is not emulated; extend DockerfileEmulator or avoid it");
        }
    }

    private void Copy(EmulatedStage stage, DockerfileInstruction instruction)
    {
        var tokens = Expand(stage, instruction.Arguments).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        EmulatedStage? from = null;
        while (tokens.Count > 0 && tokens[0].StartsWith("--", StringComparison.Ordinal))
        {
            var flag = tokens[0];
            tokens.RemoveAt(0);
            if (flag.StartsWith("--from=", StringComparison.Ordinal))
            {
                from = _stages.GetValueOrDefault(flag["--from=".Length..])
                    ?? throw new NotSupportedException($"Dockerfile {instruction}: only an earlier stage can be a COPY source");
            }
            else if (!flag.StartsWith("--chown=", StringComparison.Ordinal) && !flag.StartsWith("--chmod=", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Dockerfile {instruction}: COPY {flag} is not emulated");
            }
        }

        if (tokens.Count < 2 || instruction.Arguments.StartsWith('['))
        {
            throw new NotSupportedException($"Dockerfile {instruction}: expected COPY SOURCE... DESTINATION");
        }

        var destination = tokens[^1];
        var intoDirectory = destination.EndsWith('/') || tokens.Count > 2;
        var target = stage.HostPath(destination);
        foreach (var source in tokens[..^1])
        {
            if (source.IndexOfAny(['*', '?', '[']) >= 0)
            {
                throw new NotSupportedException($"Dockerfile {instruction}: wildcards are not emulated");
            }

            var (path, relative) = from is null ? ContextPath(instruction, source) : (from.HostPath(source), (string?)null);
            if (Directory.Exists(path))
            {
                CopyDirectory(path, target, relative);
            }
            else if (File.Exists(path))
            {
                var file = intoDirectory || Directory.Exists(target) ? Path.Combine(target, Path.GetFileName(path)) : target;
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.Copy(path, file, overwrite: true);
            }
            else
            {
                throw new FileNotFoundException($"Dockerfile {instruction}: {source} is not in the build context (or .dockerignore excludes it)");
            }
        }

        Log.AppendLine(CultureInfo.InvariantCulture, $"{instruction}");
    }

    /// <summary>The host path of a build-context source and its context-relative path; excluded sources do not exist.</summary>
    private (string Path, string? Relative) ContextPath(DockerfileInstruction instruction, string source)
    {
        var path = Path.GetFullPath(Path.Combine(contextDirectory, source));
        var relative = Path.GetRelativePath(contextDirectory, path).Replace('\\', '/');
        if (relative.StartsWith("..", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Dockerfile {instruction}: {source} is outside the build context");
        }

        relative = relative == "." ? "" : relative;
        return (relative.Length > 0 && _ignore.Excludes(relative) ? "" : path, relative);
    }

    /// <summary>Copies the contents of <paramref name="source"/> (Docker copies a directory's contents, not the directory).</summary>
    private void CopyDirectory(string source, string target, string? contextRelative)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var relative = contextRelative is null ? null : (contextRelative.Length == 0 ? entry.Name : contextRelative + "/" + entry.Name);
            if (relative is not null && _ignore.Excludes(relative))
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                CopyDirectory(directory.FullName, Path.Combine(target, entry.Name), relative);
            }
            else
            {
                File.Copy(entry.FullName, Path.Combine(target, entry.Name), overwrite: true);
            }
        }
    }

    private async Task RunAsync(EmulatedStage stage, DockerfileInstruction instruction)
    {
        if (instruction.Arguments.StartsWith('['))
        {
            throw new NotSupportedException($"Dockerfile {instruction}: only the shell form of RUN is emulated");
        }

        var environment = new Dictionary<string, string?>(runEnvironment, StringComparer.Ordinal);
        foreach (var (key, value) in stage.Arguments.Concat(stage.Environment))
        {
            environment[key] = value;
        }

        // Niced: the NativeAOT publish is some 300 CPU-seconds, and the tests running beside it keep their share.
        var started = Stopwatch.StartNew();
        var result = await ExternalCommand.RunAsync(
            "nice", ["-n", "10", "/bin/sh", "-c", instruction.Arguments], RunTimeout, stage.HostPath(stage.WorkingDirectory), environment: environment, cleanEnvironment: true);
        Log.AppendLine(CultureInfo.InvariantCulture, $"{instruction}: exit {result.ExitCode} after {started.Elapsed.TotalSeconds:F1} s");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Dockerfile {instruction} failed: {result.Describe()}");
        }
    }

    private static string[] ExecForm(DockerfileInstruction instruction) =>
        instruction.Arguments.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(instruction.Arguments)!
            : throw new NotSupportedException($"Dockerfile {instruction}: use the exec (JSON array) form");

    private static IEnumerable<(string Key, string Value)> ParseEnv(DockerfileInstruction instruction)
    {
        var matches = EnvPair().Matches(instruction.Arguments);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)).Length != instruction.Arguments.Replace(" ", "", StringComparison.Ordinal).Length)
        {
            throw new NotSupportedException($"Dockerfile {instruction}: use ENV KEY=VALUE [KEY=VALUE...]");
        }

        return matches.Select(m => (m.Groups["key"].Value, m.Groups["value"].Value.Trim('"')));
    }

    /// <summary>Replaces <c>$NAME</c> and <c>${NAME}</c> known to the stage; unknown ones (the base image's) stay as written.</summary>
    private static string Expand(EmulatedStage stage, string text) =>
        Variable().Replace(text, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            return stage.Environment.TryGetValue(name, out var value) || stage.Arguments.TryGetValue(name, out value) ? value : match.Value;
        });

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|[^\s""]*)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"\$(\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Variable();
}
