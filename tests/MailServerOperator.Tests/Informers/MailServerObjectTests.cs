using System.Text;
using System.Text.Json;
using MailServerOperator.Informers;
using MailServerOperator.Tests.Controller;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Informers;

public sealed class MailServerObjectTests
{
    [Fact]
    public void From_AppliedObject_KeepsWhatReconcileNeedsOnly()
    {
        var server = MailServerObjects.Make("isp", 7, resourceVersion: "42", generation: 3);

        Assert.Null(server.Metadata.ManagedFields);
        Assert.Equal(["mailshare.io/requested-at"], server.Metadata.Annotations!.Keys);
        Assert.Equal(("ns", "isp", "42", 3L, 7), (server.Key.Namespace, server.Key.Name, server.ResourceVersion, server.Generation, server.Server.Spec!.Order));
        Assert.Equal(3, server.Server.Status!.ObservedGeneration);
        Assert.Equal("uid-ns-isp", server.Metadata.Uid);
        Assert.Equal(["apiVersion", "kind", "metadata", "spec"], server.Raw.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "namespace"], server.Raw.GetProperty("metadata").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void From_InvalidSpec_ValidationOfTheKeptDocumentStillNamesTheField()
    {
        var document = JsonSerializer.SerializeToElement(new
        {
            apiVersion = "mailshare.io/v1alpha1",
            kind = "MailServer",
            metadata = new { name = "bad", @namespace = "ns", managedFields = new[] { new { manager = "kubectl" } } },
            spec = new { displayName = "Bad", incoming = new { protocol = "IMAP4", host = "imap.example.jp", apop = true }, outgoing = new { host = "smtp.example.jp" } },
            status = new { position = 3 },
        });

        var kept = MailServerObject.From(document);

        var issues = MailServerValidator.Validate(kept.Raw).Issues;
        Assert.Equal(MailServerValidator.Validate(document).Issues.Select(i => i.ToString()), issues.Select(i => i.ToString()));
        Assert.Contains(issues, i => i.Field == "spec.incoming.apop" && i.Severity == ValidationSeverity.Error);
    }

    // What the API server sends (metadata's middle part, ' for ") → what the cache keeps of it.
    [Theory]
    [InlineData("'managedFields':[{'manager':'kubectl','fieldsV1':{'f:spec':{}}}],'uid':'u1'", "'uid':'u1'")]
    [InlineData("'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'},'uid':'u1'", "'uid':'u1'")]
    [InlineData(
        "'annotations':{'a':'1','kubectl.kubernetes.io/last-applied-configuration':'{}','mailshare.io/requested-at':'now'}",
        "'annotations':{'a':'1','mailshare.io/requested-at':'now'}")]
    [InlineData(
        "'labels':{'mailshare.io/builtin':'true'},'creationTimestamp':'2026-11-01T00:00:00Z','deletionTimestamp':'2026-11-02T00:00:00Z','finalizers':['x']",
        "'labels':{'mailshare.io/builtin':'true'},'creationTimestamp':'2026-11-01T00:00:00Z','deletionTimestamp':'2026-11-02T00:00:00Z','finalizers':['x']")]
    [InlineData("'annotations':null,'uid':'u1'", "'annotations':null,'uid':'u1'")]
    public void From_Metadata_KeepsEverythingButManagedFieldsAndTheLastAppliedCopy(string sent, string kept)
    {
        var json = Document(sent);

        var server = MailServerObject.From(Encoding.UTF8.GetBytes(json));

        Assert.Equal(Document(kept), Kept(server));
    }

    [Fact]
    public void From_EscapedAndNonAsciiText_ReadsAndKeepsTheSameValues()
    {
        var json = """
            {"apiVersion":"mailshare.io/v1alpha1","kind":"MailServer","metadata":{"n\u0061me":"isp","namespace":"t\u0065nant","resourceVersion":"9","generation":2},
            "spec":{"displayName":"メール \"本社\" \u00e9","incoming":{"protocol":"POP3","host":"pop.example.jp"},"outgoing":{"host":"smtp.example.jp"}},"status":{"position":4}}
            """;

        var server = MailServerObject.From(Encoding.UTF8.GetBytes(json));

        Assert.Equal(("tenant", "isp", "9", 2L), (server.Key.Namespace, server.Key.Name, server.ResourceVersion, server.Generation));
        Assert.Equal("メール \"本社\" é", server.Server.Spec!.DisplayName);
        Assert.Equal("メール \"本社\" é", server.Raw.GetProperty("spec").GetProperty("displayName").GetString());
        Assert.Equal(4, server.Server.Status!.Position);
    }

    [Fact]
    public void From_ElementOrBytes_KeepTheSameDocument()
    {
        var json = Document("'managedFields':[],'uid':'u1'");
        using var parsed = JsonDocument.Parse(json);

        Assert.Equal(Kept(MailServerObject.From(Encoding.UTF8.GetBytes(json))), Kept(MailServerObject.From(parsed.RootElement)));
    }

    [Fact]
    public void From_ObjectsOfOneNamespace_ShareOneNamespaceString()
    {
        var first = MailServerObjects.Make("a", 1, @namespace: "shared-ns");
        var second = MailServerObjects.Make("b", 2, @namespace: "shared-ns");

        Assert.Same(first.Key.Namespace, second.Key.Namespace);
    }

    [Fact]
    public void From_SpecTheTypedModelCannotRead_KeepsMetadataAndTheDocumentForValidation()
    {
        var json = """{"apiVersion":"mailshare.io/v1alpha1","kind":"MailServer","metadata":{"name":"odd","namespace":"ns","uid":"u1"},"spec":{"order":"first"}}""";

        var server = MailServerObject.From(Encoding.UTF8.GetBytes(json));

        Assert.Equal(("odd", "u1"), (server.Metadata.Name, server.Metadata.Uid));
        Assert.Null(server.Server.Spec);
        Assert.Contains(MailServerValidator.Validate(server.Raw).Issues, i => i.Field == "spec.order" && i.Severity == ValidationSeverity.Error);
    }

    [Theory]
    [InlineData("[1,2]", JsonValueKind.Array)]
    [InlineData("\"text\"", JsonValueKind.String)]
    public void From_NotAnObject_KeepsItAsItCameForValidationToReport(string json, JsonValueKind kind)
    {
        var server = MailServerObject.From(Encoding.UTF8.GetBytes(json));

        Assert.Equal(("", ""), (server.Key.Namespace, server.Key.Name));
        Assert.Equal(kind, server.Raw.ValueKind);
        Assert.True(MailServerValidator.Validate(server.Raw).HasErrors);
    }

    [Fact]
    public void Server_ReadAgainWhileTheFirstReadingIsHeld_IsTheSameReading()
    {
        var server = MailServerObjects.Make("isp", 7);

        var reading = server.Server;

        Assert.Same(reading, server.Server);
        Assert.Same(reading.Metadata, server.Metadata);
    }

    [Fact]
    public void Document_AppliedObject_KeepsNeitherManagedFieldsNorTheLastAppliedCopy()
    {
        var server = MailServerObjects.Make("isp", 7);

        Assert.InRange(server.Document.Length, 300, 700); // what the API server sent was over 2,300 bytes
    }

    private static string Document(string metadata) =>
        ("{'apiVersion':'mailshare.io/v1alpha1','kind':'MailServer','metadata':{'name':'isp','namespace':'ns','resourceVersion':'5'," + metadata
        + "},'spec':{'displayName':'ISP'},'status':{'position':3}}").Replace('\'', '"');

    private static string Kept(MailServerObject server) => Encoding.UTF8.GetString(server.Document.Span);
}
