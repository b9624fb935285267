using MailServerOperator.Manifests;

namespace MailServerOperator.Tests.Manifests;

public sealed class ManifestReaderTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Read_Directory_FindsYamlAndYmlRecursivelyInOrdinalOrder()
    {
        directory.Write("b.yaml", "kind: B\n");
        directory.Write("a.yml", "kind: A\n");
        directory.Write("C.YAML", "kind: C\n");
        directory.Write("sub/d.yaml", "kind: D\n---\nkind: E\n");
        directory.Write("notes.txt", "kind: Ignored\n");
        directory.Write("values.json", "{\"kind\": \"Ignored\"}");

        var files = ManifestReader.Read([directory.Path]);

        Assert.Equal(
            ["C.YAML", "a.yml", "b.yaml", "sub/d.yaml"],
            files.Select(file => Path.GetRelativePath(directory.Path, file.Source).Replace('\\', '/')));
        Assert.Equal(["C", "A", "B", "D", "E"], files.SelectMany(file => file.Documents).Select(document => document.Kind));
    }

    [Fact]
    public void Read_Directory_NamesFilesUnderThePathAsGiven()
    {
        directory.Write("examples/a.yaml", "kind: A\n");

        var file = Assert.Single(ManifestReader.Read([directory.Combine("examples/")]));

        Assert.Equal(directory.Combine("examples/a.yaml"), file.Source);
    }

    [Fact]
    public void Read_Directory_SkipsHiddenEntries()
    {
        directory.Write(".github/workflow.yaml", "kind: Hidden\n");
        directory.Write(".hidden.yaml", "kind: Hidden\n");
        directory.Write("visible.yaml", "kind: Visible\n");

        var files = ManifestReader.Read([directory.Path]);

        Assert.Equal(["Visible"], files.SelectMany(file => file.Documents).Select(document => document.Kind));
    }

    [Fact]
    public void Read_DirectoryWithIgnoreFile_SkipsWhatItNames()
    {
        directory.Write(".mailserverignore", "# fixtures\ninvalid/\n*.draft.yaml\n/top-only.yaml\n");
        directory.Write("invalid/broken.yaml", "kind: Broken\n");
        directory.Write("nested/invalid/broken.yaml", "kind: Broken\n");
        directory.Write("nested/x.draft.yaml", "kind: Draft\n");
        directory.Write("top-only.yaml", "kind: TopOnly\n");
        directory.Write("nested/top-only.yaml", "kind: Nested\n");
        directory.Write("kept.yaml", "kind: Kept\n");

        var kinds = ManifestReader.Read([directory.Path]).SelectMany(file => file.Documents).Select(document => document.Kind);

        Assert.Equal(["Kept", "Nested"], kinds);
    }

    [Fact]
    public void Read_IgnoredDirectoryNamedExplicitly_IsRead()
    {
        directory.Write(".mailserverignore", "invalid/\n");
        directory.Write("invalid/broken.yaml", "kind: Broken\n");

        var files = ManifestReader.Read([directory.Combine("invalid")]);

        Assert.Equal("Broken", Assert.Single(Assert.Single(files).Documents).Kind);
    }

    [Fact]
    public void Read_FileNamedExplicitly_IsReadWhateverItsExtension()
    {
        var path = directory.Write("manifest.txt", "kind: A\n");

        var file = Assert.Single(ManifestReader.Read([path]));

        Assert.Equal(path, file.Source);
        Assert.Equal("A", Assert.Single(file.Documents).Kind);
    }

    [Fact]
    public void Read_MissingPath_IsUnreadableProblem()
    {
        var missing = directory.Combine("missing.yaml");

        var problem = Assert.Single(Assert.Single(ManifestReader.Read([missing])).Problems);

        Assert.Equal(ManifestProblemKind.Unreadable, problem.Kind);
        Assert.Equal($"{missing}: cannot read: no such file or directory", problem.ToString());
    }

    [Fact]
    public void Read_StandardInput_ReadsFromTheGivenReader()
    {
        using var input = new StringReader("kind: A\n---\nkind: B\n");

        var file = Assert.Single(ManifestReader.Read([ManifestReader.StandardInput], input));

        Assert.Equal("<stdin>", file.Source);
        Assert.Equal(["A", "B"], file.Documents.Select(document => document.Kind));
    }

    [Fact]
    public void Read_SymbolicLinkLoop_IsWalkedOnce()
    {
        directory.Write("a/manifest.yaml", "kind: A\n");
        Directory.CreateSymbolicLink(directory.Combine("a/loop"), directory.Combine("a"));

        var files = ManifestReader.Read([directory.Combine("a")]);

        Assert.Equal("A", Assert.Single(Assert.Single(files).Documents).Kind);
    }
}
