using MailServerOperator.Api;

namespace MailServerOperator.Tests.Api;

public sealed class FieldPathTests
{
    [Theory]
    [InlineData("", "spec", "spec")]
    [InlineData("spec", "incoming", "spec.incoming")]
    [InlineData("metadata.labels", "mailshare.io/builtin", "metadata.labels[mailshare.io/builtin]")]
    [InlineData("metadata.annotations", "a b", "metadata.annotations[a b]")]
    public void Child_Key_FormatsLikeKubernetes(string parent, string key, string expected)
    {
        Assert.Equal(expected, FieldPath.Child(parent, key));
    }

    [Theory]
    [InlineData("spec.incoming.port", "spec.incoming")]
    [InlineData("spec", "")]
    [InlineData("items[0]", "items")]
    [InlineData("items[0].spec", "items[0]")]
    [InlineData("metadata.labels[mailshare.io/builtin]", "metadata.labels")]
    [InlineData("[3]", "")]
    public void Parent_Path_IsEnclosingField(string path, string expected)
    {
        Assert.Equal(expected, FieldPath.Parent(path));
    }

    [Fact]
    public void Parent_Root_IsNull()
    {
        Assert.Null(FieldPath.Parent(FieldPath.Root));
    }

    [Theory]
    [InlineData("spec.incoming.port", "spec.incoming", true)]
    [InlineData("spec.incoming.port", "spec.incoming.port", true)]
    [InlineData("spec.incoming.port", "", true)]
    [InlineData("spec.incoming", "spec.incoming.port", false)]
    [InlineData("spec.incomingX", "spec.incoming", false)]
    [InlineData("items[10]", "items[1]", false)]
    public void IsWithin_Paths_ComparesWholeSegments(string path, string ancestor, bool expected)
    {
        Assert.Equal(expected, FieldPath.IsWithin(path, ancestor));
    }

    [Theory]
    [InlineData("$.spec.incoming.port", "spec.incoming.port")]
    [InlineData("$.metadata.labels['mailshare.io/builtin']", "metadata.labels[mailshare.io/builtin]")]
    [InlineData("$.metadata.finalizers[2]", "metadata.finalizers[2]")]
    [InlineData("$", "")]
    [InlineData(null, "")]
    public void FromJsonPath_SystemTextJsonPath_BecomesFieldPath(string? jsonPath, string expected)
    {
        Assert.Equal(expected, FieldPath.FromJsonPath(jsonPath));
    }

    [Fact]
    public void Segments_MixedPath_SplitsNamesKeysAndIndexes()
    {
        var segments = FieldPath.Segments("items[1].metadata.labels[mailshare.io/builtin]");

        Assert.Equal(
            [new("items", null), new(null, 1), new("metadata", null), new("labels", null), new("mailshare.io/builtin", null)],
            segments);
    }

    [Theory]
    [InlineData("items[1].metadata.labels[mailshare.io/builtin]")]
    [InlineData("spec.incoming.port")]
    [InlineData("[3]")]
    [InlineData("metadata.annotations[\"\"]")]
    [InlineData("")]
    public void Of_SegmentsOfAPath_IsThatPath(string path)
    {
        Assert.Equal(path, FieldPath.Of(FieldPath.Segments(path)));
    }
}
