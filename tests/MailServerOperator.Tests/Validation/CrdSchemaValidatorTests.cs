using System.Text.Json;
using System.Text.Json.Nodes;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Validation;

/// <summary>Each constraint of the CRD, valid and invalid side, as the offline check and the webhook see it.</summary>
public sealed class CrdSchemaValidatorTests
{
    private const string ValidDocument = MailServerDocuments.ValidJson;

    public static TheoryData<string, string> ValidValues => new()
    {
        { "spec.displayName", "\"A\"" },
        { "spec.displayName", Json(new string('x', 64)) },
        { "spec.displayName", Json(string.Concat(Enumerable.Repeat("株", 64))) },
        { "spec.displayName", Json(string.Concat(Enumerable.Repeat("📫", 64))) },
        { "spec.order", "0" },
        { "spec.order", "100000" },
        { "spec.order", "null" },
        { "spec.incoming.protocol", "\"IMAP4\"" },
        { "spec.incoming.host", "\"localhost\"" },
        { "spec.incoming.host", "\"Mail-1.Example.JP\"" },
        { "spec.incoming.host", "\"192.0.2.10\"" },
        { "spec.incoming.host", "\"2001:db8::1\"" },
        { "spec.incoming.host", "\"::ffff:192.0.2.10\"" },
        { "spec.incoming.host", Json(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))[..253]) },
        { "spec.incoming.port", "1" },
        { "spec.incoming.port", "65535" },
        { "spec.incoming.port", "993.0" },
        { "spec.incoming.tls", "\"None\"" },
        { "spec.incoming.tls", "\"StartTls\"" },
        { "spec.incoming.apop", "true" },
        { "spec.incoming.maxMessageSize", "10485760" },
        { "spec.incoming.maxMessageSize", "\"10M\"" },
        { "spec.incoming.maxMessageSize", "\"1.5Gi\"" },
        { "spec.incoming.maxMessageSize", "\"1e6\"" },
        { "spec.incoming.retention.deleteAfterDays", "0" },
        { "spec.incoming.retention.deleteAfterDays", "3650" },
        { "spec.outgoing.authentication.mechanism", "\"None\"" },
        { "spec.outgoing.authentication.mechanism", "\"LOGIN\"" },
        { "spec.outgoing.authentication.mechanism", "\"CRAM-MD5\"" },
        { "spec.outgoing.authentication.mechanism", "\"XOAUTH2\"" },
        { "spec.probe.interval", "\"30s\"" },
        { "spec.probe.interval", "\"1h30m\"" },
        { "spec.probe.interval", "\"1.5h\"" },
        { "spec.probe.credentialsSecretRef.name", "\"probe-secret.v1\"" },
        { "spec.probe", "{}" },
        { "metadata.annotations", "{ \"anything\": \"goes\" }" },
        { "status", "{ \"position\": \"not checked\", \"unknown\": true }" },
    };

    public static TheoryData<string, string, string, string> InvalidValues => new()
    {
        // enum
        { "spec.incoming.protocol", "\"POP2\"", "spec.incoming.protocol", "Unsupported value: \"POP2\": supported values: \"POP3\", \"IMAP4\"" },
        { "spec.incoming.protocol", "\"pop3\"", "spec.incoming.protocol", "Unsupported value: \"pop3\": supported values: \"POP3\", \"IMAP4\"" },
        { "spec.incoming.tls", "\"TLS\"", "spec.incoming.tls", "Unsupported value: \"TLS\": supported values: \"None\", \"StartTls\", \"Implicit\"" },
        { "spec.outgoing.tls", "\"SSL\"", "spec.outgoing.tls", "Unsupported value: \"SSL\": supported values: \"None\", \"StartTls\", \"Implicit\"" },
        {
            "spec.outgoing.authentication.mechanism", "\"plain\"", "spec.outgoing.authentication.mechanism",
            "Unsupported value: \"plain\": supported values: \"None\", \"PLAIN\", \"LOGIN\", \"CRAM-MD5\", \"XOAUTH2\""
        },

        // minimum / maximum
        { "spec.incoming.port", "0", "spec.incoming.port", "Invalid value: 0: must be greater than or equal to 1" },
        { "spec.incoming.port", "65536", "spec.incoming.port", "Invalid value: 65536: must be less than or equal to 65535" },
        { "spec.outgoing.port", "-25", "spec.outgoing.port", "Invalid value: -25: must be greater than or equal to 1" },
        { "spec.order", "-1", "spec.order", "Invalid value: -1: must be greater than or equal to 0" },
        { "spec.order", "100001", "spec.order", "Invalid value: 100001: must be less than or equal to 100000" },
        { "spec.incoming.retention.deleteAfterDays", "3651", "spec.incoming.retention.deleteAfterDays", "Invalid value: 3651: must be less than or equal to 3650" },
        { "spec.incoming.maxMessageSize", "-1", "spec.incoming.maxMessageSize", "Invalid value: -1: must be greater than or equal to 0" },

        // type
        { "spec.incoming.port", "\"995\"", "spec.incoming.port", "Invalid value: \"995\": must be of type integer" },
        { "spec.incoming.port", "995.5", "spec.incoming.port", "Invalid value: 995.5: must be of type integer" },
        { "spec.incoming.apop", "\"false\"", "spec.incoming.apop", "Invalid value: \"false\": must be of type boolean" },
        { "spec.displayName", "42", "spec.displayName", "Invalid value: 42: must be of type string" },
        { "spec.incoming", "\"pop.example.jp\"", "spec.incoming", "Invalid value: \"pop.example.jp\": must be of type object" },
        { "spec.outgoing.maxMessageSize", "true", "spec.outgoing.maxMessageSize", "Invalid value: true: must be an integer or a string" },
        { "spec.outgoing.maxMessageSize", "1.5", "spec.outgoing.maxMessageSize", "Invalid value: 1.5: must be an integer or a string" },

        // minLength / maxLength
        { "spec.displayName", "\"\"", "spec.displayName", "Invalid value: \"\": must be at least 1 character long" },
        {
            "spec.displayName", Json(new string('x', 65)), "spec.displayName",
            $"Invalid value: \"{new string('x', 65)}\": must be at most 64 characters long"
        },
        {
            "spec.displayName", Json(string.Concat(Enumerable.Repeat("株", 65))), "spec.displayName",
            $"Invalid value: \"{string.Concat(Enumerable.Repeat("株", 65))}\": must be at most 64 characters long"
        },

        // pattern
        { "spec.displayName", "\"Example\\nISP\"", "spec.displayName", "Invalid value: \"Example\\u000aISP\": must match '^[^\\x00-\\x1F\\x7F]*$'" },
        { "spec.incoming.host", "\"pop.example.jp:995\"", "spec.incoming.host", "must match" },
        { "spec.incoming.host", "\"user@pop.example.jp\"", "spec.incoming.host", "must match" },
        { "spec.incoming.host", "\"pop3://pop.example.jp\"", "spec.incoming.host", "must match" },
        { "spec.incoming.host", "\"-pop.example.jp\"", "spec.incoming.host", "must match" },
        { "spec.incoming.host", "\"pop..example.jp\"", "spec.incoming.host", "must match" },
        { "spec.incoming.host", "\"pop.example.jp\\n\"", "spec.incoming.host", "must match" },
        { "spec.outgoing.host", "\"smtp example jp\"", "spec.outgoing.host", "must match" },
        { "spec.outgoing.host", Json(new string('a', 64) + ".example.jp"), "spec.outgoing.host", "must match" },
        { "spec.incoming.maxMessageSize", "\"10MB\"", "spec.incoming.maxMessageSize", "must match" },
        { "spec.incoming.maxMessageSize", "\"-10Mi\"", "spec.incoming.maxMessageSize", "must match" },
        { "spec.probe.interval", "\"5 minutes\"", "spec.probe.interval", "must match" },
        { "spec.probe.interval", "\"300\"", "spec.probe.interval", "must match" },
        { "spec.probe.credentialsSecretRef.name", "\"Probe_Secret\"", "spec.probe.credentialsSecretRef.name", "must match" },

        // undeclared fields
        { "spec.incoming.protocl", "\"POP3\"", "spec.incoming.protocl", "field not declared in schema; did you mean \"protocol\"?" },
        { "spec.displayname", "\"Example ISP\"", "spec.displayname", "field not declared in schema; did you mean \"displayName\"?" },
        { "spec.outgoing.username", "\"me\"", "spec.outgoing.username", "field not declared in schema" },
        { "spec.probe.credentialsSecretRef.namespace", "\"other\"", "spec.probe.credentialsSecretRef.namespace", "field not declared in schema" },
    };

    public static TheoryData<string> RequiredFields => new()
    {
        "spec",
        "spec.displayName",
        "spec.incoming",
        "spec.outgoing",
        "spec.incoming.protocol",
        "spec.incoming.host",
        "spec.outgoing.host",
        "spec.probe.credentialsSecretRef.name",
    };

    [Fact]
    public void Validate_DesignExample_ReportsNothing() =>
        Assert.Empty(CrdSchemaValidator.Validate(Parse(ValidDocument)));

    [Fact]
    public void Validate_MinimalSpec_ReportsNothing()
    {
        const string minimal = """
            { "spec": { "displayName": "Minimal", "incoming": { "protocol": "IMAP4", "host": "imap.example.jp" }, "outgoing": { "host": "smtp.example.jp" } } }
            """;

        Assert.Empty(CrdSchemaValidator.Validate(Parse(minimal)));
    }

    [Theory]
    [MemberData(nameof(ValidValues))]
    public void Validate_ValidValue_ReportsNothing(string field, string json) =>
        Assert.Empty(CrdSchemaValidator.Validate(With(field, json)));

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Validate_InvalidValue_ReportsFieldAndMessage(string field, string json, string expectedField, string expectedMessage)
    {
        var issue = Assert.Single(CrdSchemaValidator.Validate(With(field, json)));

        Assert.Equal(expectedField, issue.Field);
        Assert.Contains(expectedMessage, issue.Message, StringComparison.Ordinal);
        Assert.Equal(ValidationSeverity.Error, issue.Severity);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Validate_RequiredFieldMissing_ReportsRequiredValue(string field)
    {
        var issue = Assert.Single(CrdSchemaValidator.Validate(With(field, json: null)));

        Assert.Equal(field, issue.Field);
        Assert.Equal("Required value", issue.Message);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Validate_RequiredFieldNull_ReportsRequiredValue(string field)
    {
        var issue = Assert.Single(CrdSchemaValidator.Validate(With(field, "null")));

        Assert.Equal(field, issue.Field);
        Assert.Equal("Required value", issue.Message);
    }

    [Fact]
    public void Validate_MisspelledSpec_ReportsBothFields()
    {
        var issues = CrdSchemaValidator.Validate(Parse("""{ "kind": "MailServer", "sepc": {} }"""));

        Assert.Equal(
            ["spec: Required value", "sepc: field not declared in schema; did you mean \"spec\"?"],
            issues.Select(i => i.ToString()));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEachOne()
    {
        var document = JsonNode.Parse(ValidDocument)!;
        document["spec"]!["incoming"]!["port"] = 0;
        document["spec"]!["outgoing"]!["tls"] = "SSL";
        document["spec"]!["displayName"] = "";

        var fields = CrdSchemaValidator.Validate(Parse(document.ToJsonString())).Select(i => i.Field);

        Assert.Equal(["spec.displayName", "spec.incoming.port", "spec.outgoing.tls"], fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_DocumentNotAnObject_ReportsRoot()
    {
        var issue = Assert.Single(CrdSchemaValidator.Validate(Parse("[]")));

        Assert.Equal("(root)", issue.Field);
        Assert.Equal("Invalid value: [...]: must be of type object", issue.Message);
    }

    private static JsonElement With(string field, string? json)
    {
        var document = JsonNode.Parse(ValidDocument)!.AsObject();
        var names = field.Split('.');
        var parent = document;
        foreach (var name in names[..^1])
        {
            parent = (parent[name] ??= new JsonObject()).AsObject();
        }

        if (json is null)
        {
            parent.Remove(names[^1]);
        }
        else
        {
            parent[names[^1]] = JsonNode.Parse(json);
        }

        return Parse(document.ToJsonString());
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string Json(string text) => JsonSerializer.Serialize(text);
}
