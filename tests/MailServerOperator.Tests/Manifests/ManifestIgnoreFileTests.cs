using MailServerOperator.Manifests;

namespace MailServerOperator.Tests.Manifests;

public sealed class ManifestIgnoreFileTests
{
    [Theory]
    [InlineData("invalid/", "invalid", true, true)]
    [InlineData("invalid/", "nested/invalid", true, true)]
    [InlineData("invalid/", "invalid", false, false)]
    [InlineData("invalid", "invalid", false, true)]
    [InlineData("*.draft.yaml", "a/b/x.draft.yaml", false, true)]
    [InlineData("*.draft.yaml", "x.yaml", false, false)]
    [InlineData("/top.yaml", "top.yaml", false, true)]
    [InlineData("/top.yaml", "sub/top.yaml", false, false)]
    [InlineData("fixtures/*.yaml", "fixtures/a.yaml", false, true)]
    [InlineData("fixtures/*.yaml", "fixtures/deep/a.yaml", false, false)]
    [InlineData("fixtures/**/a.yaml", "fixtures/a.yaml", false, true)]
    [InlineData("fixtures/**/a.yaml", "fixtures/x/y/a.yaml", false, true)]
    [InlineData("fixtures/**/a.yaml", "fixtures/xa.yaml", false, false)]
    [InlineData("test-?.yaml", "test-1.yaml", false, true)]
    [InlineData("test-?.yaml", "test-12.yaml", false, false)]
    [InlineData("# comment", "# comment", false, false)]
    public void Ignores_Pattern_MatchesLikeGitignore(string pattern, string relative, bool isDirectory, bool ignored)
    {
        var ignore = ManifestIgnoreFile.Parse([pattern], "");

        Assert.Equal(ignored, ignore.Ignores(relative, isDirectory));
    }

    [Theory]
    [InlineData("sub/invalid", true)]
    [InlineData("invalid", false)]
    [InlineData("other/invalid", false)]
    public void Ignores_FileInSubdirectory_AppliesOnlyBelowIt(string relative, bool ignored)
    {
        var ignore = ManifestIgnoreFile.Parse(["invalid/"], "sub");

        Assert.Equal(ignored, ignore.Ignores(relative, isDirectory: true));
    }
}
