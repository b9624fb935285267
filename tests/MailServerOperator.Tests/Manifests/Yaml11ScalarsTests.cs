using MailServerOperator.Manifests;

namespace MailServerOperator.Tests.Manifests;

public sealed class Yaml11ScalarsTests
{
    [Theory]
    [InlineData("yes", "true")]
    [InlineData("NO", "false")]
    [InlineData("On", "true")]
    [InlineData("off", "false")]
    [InlineData("y", "true")]
    [InlineData("N", "false")]
    [InlineData("010", "8")]
    [InlineData("-010", "-8")]
    [InlineData("0b101", "5")]
    [InlineData("1_000", "1000")]
    [InlineData("+0x10", "16")]
    public void Parse_PlainScalarThatYaml11ReadsOtherwise_IsReadAsKubectlReadsItWithANote(string written, string kubectlJson)
    {
        var document = Assert.Single(ManifestReader.ReadText("a.yaml", $"kind: Test\nvalue: {written}\n").Documents);

        Assert.Equal(kubectlJson, document.Content.GetProperty("value").GetRawText());
        var note = Assert.Single(document.Notes);
        Assert.Equal("value", note.Field);
        Assert.Contains($"the plain value {written} is read as {kubectlJson} by kubectl", note.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("10")]
    [InlineData("0x1F")]
    [InlineData("0o17")]
    [InlineData("09")]
    [InlineData("1.5")]
    [InlineData("\"yes\"")]
    [InlineData("'010'")]
    [InlineData("!!str on")]
    [InlineData("yesterday")]
    [InlineData("0")]
    public void Parse_ScalarBothVersionsReadAlike_HasNoNote(string written)
    {
        var document = Assert.Single(ManifestReader.ReadText("a.yaml", $"kind: Test\nvalue: {written}\n").Documents);

        Assert.Empty(document.Notes);
    }

    [Fact]
    public void Parse_Yaml11BooleanKey_BecomesItsJsonTextAsKubectlSendsIt()
    {
        var document = Assert.Single(ManifestReader.ReadText("a.yaml", "kind: Test\nlabels:\n  on: x\n").Documents);

        Assert.Equal("x", document.Content.GetProperty("labels").GetProperty("true").GetString());
        Assert.Equal("labels.true", Assert.Single(document.Notes).Field);
    }

    [Fact]
    public void Parse_ListItems_KeepTheirOwnNotes()
    {
        var file = ManifestReader.ReadText("a.yaml", "kind: List\nitems:\n- kind: A\n  v: 1\n- kind: B\n  v: yes\n");

        Assert.Equal(2, file.Documents.Count);
        Assert.Empty(file.Documents[0].Notes);
        Assert.Equal("v", Assert.Single(file.Documents[1].Notes).Field);
        Assert.Equal(6, file.Documents[1].LineOf("v"));
    }
}
