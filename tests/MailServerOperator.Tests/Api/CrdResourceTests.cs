using MailServerOperator.Api;

namespace MailServerOperator.Tests.Api;

public sealed class CrdResourceTests
{
    [Fact]
    public void ReadYaml_EmbeddedCrd_MatchesFileInCrdsFolder()
    {
        var onDisk = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "crds", CrdResource.ResourceName));
        Assert.Equal(onDisk, CrdResource.ReadYaml());
    }
}
