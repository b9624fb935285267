using System.Text.Json;
using MailServerOperator.Manifests;

namespace MailServerOperator.Tests.Manifests;

public sealed class YamlManifestParserTests
{
    private const string Source = "test.yaml";

    [Fact]
    public void Parse_MultiDocumentStream_ReturnsEachDocumentWithItsIndexAndLine()
    {
        var file = YamlManifestParser.Parse(Source, """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: mail-share
            ---
            # a comment before the second document
            apiVersion: mailshare.io/v1alpha1
            kind: MailServer
            metadata:
              name: example-isp
              namespace: mail-share
            """);

        Assert.Empty(file.Problems);
        Assert.Collection(
            file.Documents,
            first =>
            {
                Assert.Equal((0, 1, "Namespace", "mail-share"), (first.Index, first.Line, first.Kind, first.Name));
                Assert.Equal(Source, first.Source);
            },
            second => Assert.Equal((1, 7, "MailServer", "example-isp", "mail-share"), (second.Index, second.Line, second.Kind, second.Name, second.Namespace)));
    }

    [Fact]
    public void Parse_EmptyDocuments_AreSkipped()
    {
        var file = YamlManifestParser.Parse(Source, "---\n---\n# only a comment\n---\n~\n---\nkind: A\n...\n---\n");

        var document = Assert.Single(file.Documents);
        Assert.Equal("A", document.Kind);
        Assert.Equal(3, document.Index);
        Assert.Empty(file.Problems);
    }

    [Fact]
    public void Parse_EmptyText_HasNoDocumentsAndNoProblems()
    {
        var file = YamlManifestParser.Parse(Source, "");

        Assert.Empty(file.Documents);
        Assert.Empty(file.Problems);
    }

    [Fact]
    public void LineOf_Fields_AreTheLinesOfTheirKeys()
    {
        var document = Assert.Single(YamlManifestParser.Parse(Source, """
            kind: MailServer
            spec:
              incoming:
                protocol: POP3

                port: 995
              outgoing: {host: smtp.example.jp,
                port: 587}
              list:
                - a
                - name: b
            """).Documents);

        Assert.Equal(1, document.Line);
        Assert.Equal(6, document.LineOf("spec.incoming.port"));
        Assert.Equal(7, document.LineOf("spec.outgoing.host"));
        Assert.Equal(8, document.LineOf("spec.outgoing.port"));
        Assert.Equal(11, document.LineOf("spec.list[1].name"));
        Assert.Equal(10, document.LineOf("spec.list[0]"));
    }

    [Theory]
    [InlineData("spec.incoming.host", 3)]
    [InlineData("spec.incoming.retention.deleteAfterDays", 3)]
    [InlineData("spec.outgoing", 2)]
    [InlineData("metadata.name", 1)]
    [InlineData("", 1)]
    public void LineOf_AbsentField_IsTheLineOfItsNearestPresentAncestor(string field, int line)
    {
        var document = Assert.Single(YamlManifestParser.Parse(Source, "kind: MailServer\nspec:\n  incoming:\n    port: 995\n").Documents);

        Assert.Equal(line, document.LineOf(field));
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("TRUE", "true")]
    [InlineData("yes", "true")] // YAML 1.1, as kubectl reads it (Yaml11ScalarsTests)
    [InlineData("on", "true")]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("", "null")]
    [InlineData("995", "995")]
    [InlineData("-7", "-7")]
    [InlineData("+7", "7")]
    [InlineData("007", "7")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("012", "10")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("1.5", "1.5")]
    [InlineData("1e3", "1000")]
    [InlineData(".5", "0.5")]
    [InlineData("10Mi", "\"10Mi\"")]
    [InlineData("5m", "\"5m\"")]
    [InlineData("1_000", "1000")]
    [InlineData("0b101", "5")]
    [InlineData("2024-01-01", "\"2024-01-01\"")]
    [InlineData("'995'", "\"995\"")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("!!str 995", "\"995\"")]
    [InlineData("!!int \"995\"", "995")]
    [InlineData("!!bool \"false\"", "false")]
    [InlineData("! 995", "\"995\"")]
    [InlineData("|\n    block", "\"block\\n\"")]
    [InlineData("pop3://user@host", "\"pop3://user@host\"")]
    public void Parse_Scalar_ResolvesWithYaml12CoreSchemaExceptWhereKubectlReadsYaml11(string yaml, string json)
    {
        var document = Assert.Single(YamlManifestParser.Parse(Source, "value: " + yaml + "\n").Documents);

        Assert.Equal(json, document.Content.GetProperty("value").GetRawText());
    }

    [Fact]
    public void Parse_AnchorsAndAliases_AreExpanded()
    {
        var document = Assert.Single(YamlManifestParser.Parse(Source, """
            sizes: &size {maxMessageSize: 10Mi}
            incoming: *size
            outgoing: *size
            """).Documents);

        Assert.Equal("10Mi", document.Content.GetProperty("outgoing").GetProperty("maxMessageSize").GetString());
        Assert.Equal(3, document.LineOf("outgoing.maxMessageSize"));
    }

    [Fact]
    public void Parse_DuplicateKey_IsProblemAtItsLineAndLaterDocumentsAreRead()
    {
        var file = YamlManifestParser.Parse(Source, "kind: A\nspec:\n  port: 1\n  port: 2\n---\nkind: B\n");

        var problem = Assert.Single(file.Problems);
        Assert.Equal((4, ManifestProblemKind.Malformed), (problem.Line, problem.Kind));
        Assert.Contains("duplicate key \"port\" (first at line 3)", problem.Message, StringComparison.Ordinal);
        Assert.Equal("B", Assert.Single(file.Documents).Kind);
    }

    [Theory]
    [InlineData("kind: A\nspec:\n  port: 1\n   host: x\n", 4)]
    [InlineData("kind: A\nspec: [1, 2\n", 3)]
    [InlineData("kind: A\nspec: {port: 1\n", 3)]
    [InlineData("kind: A\nname: \"unterminated\n", 2)]
    [InlineData("kind: A\n\tport: 1\n", 1)] // YamlDotNet reports where the plain scalar "A" began
    [InlineData("kind: A\n- item\n", 2)]
    [InlineData("kind: A\nbad: : :\n", 2)]
    [InlineData("kind: A\nkey: *undefined\n", 2)]
    [InlineData("kind: A\n? [complex, key]\n: value\n", 2)]
    [InlineData("kind: A\nvalue: .inf\n", 2)]
    [InlineData("kind: A\nvalue: .NaN\n", 2)]
    [InlineData("kind: A\nvalue: !!int twelve\n", 2)]
    [InlineData("kind: A\nvalue: 1e999\n", 2)]
    public void Parse_MalformedDocument_IsProblemWithLineNeverException(string yaml, int line)
    {
        var file = YamlManifestParser.Parse(Source, yaml);

        var problem = Assert.Single(file.Problems);
        Assert.Equal(ManifestProblemKind.Malformed, problem.Kind);
        Assert.Equal(line, problem.Line);
        Assert.StartsWith($"{Source}:{line}: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SyntaxErrorInLaterDocument_KeepsEarlierDocuments()
    {
        var file = YamlManifestParser.Parse(Source, "kind: A\n---\nkind: B\n---\nkind: [C\n");

        Assert.Equal(["A", "B"], file.Documents.Select(document => document.Kind));
        Assert.Single(file.Problems);
    }

    [Fact]
    public void Parse_AliasBomb_IsRefused()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var level = 'b'; level <= 'h'; level++)
        {
            var previous = (char)(level - 1);
            yaml += $"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n";
        }

        var problem = Assert.Single(YamlManifestParser.Parse(Source, yaml).Problems);

        Assert.Contains("more than", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooDeeplyNested_IsRefused()
    {
        var yaml = "kind: A\nvalue: " + new string('[', 100) + new string(']', 100) + "\n";

        var problem = Assert.Single(YamlManifestParser.Parse(Source, yaml).Problems);

        Assert.Contains("nested deeper than", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NonMappingDocument_IsReturnedAsIs()
    {
        var document = Assert.Single(YamlManifestParser.Parse(Source, "- a\n- b\n").Documents);

        Assert.Equal(JsonValueKind.Array, document.Content.ValueKind);
        Assert.Null(document.Kind);
    }

    [Fact]
    public void Parse_KubernetesList_BecomesOneDocumentPerItemWithItsOwnLines()
    {
        var file = YamlManifestParser.Parse(Source, """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: mail-share}
            - apiVersion: mailshare.io/v1alpha1
              kind: MailServer
              metadata:
                name: example-isp
              spec:
                incoming:
                  port: 995
            """);

        Assert.Collection(
            file.Documents,
            first => Assert.Equal(("Namespace", 4), (first.Kind, first.Line)),
            second =>
            {
                Assert.Equal(("MailServer", "example-isp", 7), (second.Kind, second.Name, second.Line));
                Assert.Equal(13, second.LineOf("spec.incoming.port"));
                Assert.Equal(12, second.LineOf("spec.incoming.host"));
            });
    }
}
