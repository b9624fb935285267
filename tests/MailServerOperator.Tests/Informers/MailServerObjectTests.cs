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
}
