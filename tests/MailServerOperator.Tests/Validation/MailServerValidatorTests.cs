using System.Text.Json;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Validation;

public sealed class MailServerValidatorTests
{
    [Fact]
    public void Validate_ValidDocument_ReturnsServerWithoutIssues()
    {
        var report = MailServerValidator.Validate(MailServerDocuments.Document());

        Assert.Empty(report.Issues);
        Assert.False(report.HasErrors);
        Assert.Equal("example-isp", report.Server?.Metadata.Name);
    }

    [Fact]
    public void Validate_ObjectAsTheApiServerReturnsIt_HasNoIssues()
    {
        var document = JsonDocument.Parse("""
            {
              "apiVersion": "mailshare.io/v1alpha1",
              "kind": "MailServer",
              "metadata": {
                "name": "example-isp", "namespace": "mail-share", "uid": "7c1d0f5e-0000-4000-8000-000000000001",
                "resourceVersion": "4711", "generation": 3, "creationTimestamp": "2025-01-02T03:04:05Z",
                "labels": { "app.kubernetes.io/part-of": "mail-share" },
                "annotations": { "kubectl.kubernetes.io/last-applied-configuration": "{}" },
                "managedFields": [ { "manager": "kubectl", "operation": "Apply", "apiVersion": "mailshare.io/v1alpha1",
                                     "time": "2025-01-02T03:04:05Z", "fieldsType": "FieldsV1", "fieldsV1": { "f:spec": {} } } ]
              },
              "spec": {
                "displayName": "Example ISP",
                "incoming": { "protocol": "POP3", "host": "pop.example.jp", "port": 995, "tls": "Implicit", "maxMessageSize": "10Mi" },
                "outgoing": { "host": "smtp.example.jp", "port": 587, "tls": "StartTls", "authentication": { "mechanism": "PLAIN", "useAccountCredentials": true } }
              },
              "status": {
                "observedGeneration": 3, "position": 3,
                "conditions": [ { "type": "Ready", "status": "True", "observedGeneration": 3,
                                  "lastTransitionTime": "2025-01-02T03:04:06Z", "reason": "Verified", "message": "" } ],
                "incoming": { "verifiedAt": "2025-01-02T03:04:06Z", "latencyMs": 42, "capabilities": ["UIDL", "TOP"] },
                "warnings": []
              }
            }
            """).RootElement;

        var report = MailServerValidator.Validate(document);

        Assert.Empty(report.Issues);
        Assert.Equal(3, report.Server?.Status?.Position);
    }

    [Fact]
    public void Validate_DocumentWithWarning_IsValidAndListsWarning()
    {
        var report = MailServerValidator.Validate(MailServerDocuments.Document("spec.outgoing.authentication.mechanism=\"None\""));

        Assert.False(report.HasErrors);
        Assert.Empty(report.Errors);
        Assert.Equal("spec.outgoing.authentication.mechanism", Assert.Single(report.Warnings).Field);
        Assert.NotNull(report.Server);
    }

    [Fact]
    public void Validate_BrokenRule_ReportsRuleErrorAndKeepsServer()
    {
        var report = MailServerValidator.Validate(MailServerDocuments.Document("metadata.name=\"gmail\""));

        Assert.True(report.HasErrors);
        Assert.Equal("metadata.name", Assert.Single(report.Errors).Field);
        Assert.NotNull(report.Server);
    }

    [Fact]
    public void Validate_ReservedNameAllowedByCaller_ReportsNothing()
    {
        var report = MailServerValidator.Validate(
            MailServerDocuments.Document("metadata.name=\"exchange-online\""),
            new MailServerValidationOptions { AllowReservedNames = true });

        Assert.Empty(report.Issues);
    }

    [Theory]
    [InlineData("spec.incoming.port=\"995\"", "spec.incoming.port", "must be an integer, not the string \"995\"")]
    [InlineData("spec.incoming.port=99999999999", "spec.incoming.port", "must be an integer, not the number 99999999999")]
    [InlineData("spec.incoming.port=9.5", "spec.incoming.port", "must be an integer")]
    [InlineData("spec.incoming.protocol=\"POP5\"", "spec.incoming.protocol", "must be one of POP3, IMAP4, not the string \"POP5\"")]
    [InlineData("spec.outgoing.tls=\"SSL\"", "spec.outgoing.tls", "must be one of None, StartTls, Implicit")]
    [InlineData("spec.outgoing.authentication.mechanism=\"NTLM\"", "spec.outgoing.authentication.mechanism", "one of None, PLAIN, LOGIN, CRAM-MD5, XOAUTH2")]
    [InlineData("spec.incoming.apop=\"yes\"", "spec.incoming.apop", "must be true or false")]
    [InlineData("spec.incoming.maxMessageSize=true", "spec.incoming.maxMessageSize", "an integer or a quantity string")]
    [InlineData("spec.incoming=\"pop.example.jp\"", "spec.incoming", "must be an object, not the string")]
    [InlineData("spec.displayName=[\"Example\"]", "spec.displayName", "must be a string, not a list")]
    [InlineData("metadata.labels=[]", "metadata.labels", "must be a map")]
    [InlineData("metadata.labels={\"mailshare.io/managed\": 1}", "metadata.labels[mailshare.io/managed]", "must be a string, not the number 1")]
    public void Validate_ValueOfWrongType_ReportsFieldAddressedErrorWithoutServer(string changes, string field, string message)
    {
        var report = MailServerValidator.Validate(MailServerDocuments.Document(changes));

        var error = Assert.Single(report.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Null(report.Server);
    }

    [Fact]
    public void Validate_SeveralValuesOfWrongType_ReportsAllAtOnce()
    {
        var report = MailServerValidator.Validate(MailServerDocuments.Document(
            "spec.incoming.port=\"995\"; spec.outgoing.tls=\"SSL\"; spec.order=\"first\""));

        Assert.Equal(
            ["spec.incoming.port", "spec.order", "spec.outgoing.tls"],
            report.Errors.Select(error => error.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_WrongTypeInOneServer_StillJudgesTheRest()
    {
        var report = MailServerValidator.Validate(MailServerDocuments.Document(
            "metadata.name=\"gmail\"; spec.incoming.tls=\"SSL\"; spec.incoming.port=110; spec.outgoing.host=\"smtp.example.jp:587\""));

        Assert.Equal(
            ["metadata.name", "spec.incoming.tls", "spec.outgoing.host"],
            report.Errors.Select(error => error.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("apiVersion=\"mailshare.io/v1\"", "apiVersion", "must be mailshare.io/v1alpha1")]
    [InlineData("apiVersion", "apiVersion", "required")]
    [InlineData("kind=\"Mailserver\"", "kind", "must be MailServer")]
    [InlineData("kind=5", "kind", "must be MailServer, not the number 5")]
    public void Validate_WrongTypeMeta_ReportsIt(string changes, string field, string message)
    {
        var report = MailServerValidator.Validate(MailServerDocuments.Document(changes));

        var error = Assert.Single(report.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "not a list")]
    [InlineData("\"MailServer\"", "not the string")]
    [InlineData("null", "not null")]
    public void Validate_NotAnObject_ReportsRootError(string json, string message)
    {
        var report = MailServerValidator.Validate(JsonDocument.Parse(json).RootElement);

        var error = Assert.Single(report.Errors);
        Assert.Equal("", error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Null(report.Server);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"metadata\": null, \"spec\": null}")]
    [InlineData("{\"metadata\": [], \"spec\": []}")]
    [InlineData("{\"metadata\": {\"name\": 5}, \"spec\": {\"incoming\": [], \"outgoing\": 1, \"probe\": \"x\"}}")]
    [InlineData("{\"spec\": {\"incoming\": {\"retention\": []}, \"outgoing\": {\"authentication\": \"PLAIN\"}}}")]
    [InlineData("{\"metadata\": {\"creationTimestamp\": \"yesterday\"}}")]
    public void Validate_OddlyShapedDocument_ReportsErrorsWithoutThrowing(string json)
    {
        var report = MailServerValidator.Validate(JsonDocument.Parse(json).RootElement);

        Assert.True(report.HasErrors);
        Assert.All(report.Issues, issue => Assert.False(string.IsNullOrWhiteSpace(issue.Message)));
    }

    [Fact]
    public void Validate_SchemaAndRuleErrorOnSameField_KeepsOnlyTheRuleError()
    {
        var report = MailServerValidator.Validate(
            MailServerDocuments.Document("spec.incoming.port=70000"),
            null,
            [ValidationIssue.Error("spec.incoming.port", "should be less than or equal to 65535")]);

        var error = Assert.Single(report.Errors);
        Assert.Contains("between 1 and 65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SchemaIssuesOnOtherFields_AreKeptFirst()
    {
        var report = MailServerValidator.Validate(
            MailServerDocuments.Document("spec.incoming.port=70000"),
            null,
            [
                ValidationIssue.Error("spec.incoming.hostname", "field not declared in schema"),
                ValidationIssue.Warning("spec.incoming.port", "deprecated"),
            ]);

        Assert.Equal(
            ["spec.incoming.hostname", "spec.incoming.port", "spec.incoming.port"],
            report.Issues.Select(issue => issue.Field));
        Assert.Equal([ValidationSeverity.Error, ValidationSeverity.Warning, ValidationSeverity.Error], report.Issues.Select(issue => issue.Severity));
    }

    [Fact]
    public void Validate_SchemaErrorOnly_MakesTheReportInvalid()
    {
        var report = MailServerValidator.Validate(
            MailServerDocuments.Document(),
            null,
            [ValidationIssue.Error("spec.order", "should be greater than or equal to 0")]);

        Assert.True(report.HasErrors);
        Assert.Equal("spec.order", Assert.Single(report.Errors).Field);
    }
}
