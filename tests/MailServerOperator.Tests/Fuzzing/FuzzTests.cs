using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using MailServerOperator.Admission;
using MailServerOperator.Cli;
using MailServerOperator.Manifests;
using MailServerOperator.Probing;
using MailServerOperator.Status;
using MailServerOperator.Validation;
using MailServerOperator.Verification;

namespace MailServerOperator.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing (CsCheck) of everything that reads user input: the validator, <c>validate</c>'s YAML reader, the
/// admission decoder and policy, and the status builder. 3,000 documents or texts a property, 15,000 in all, the same
/// ones every run (see <see cref="Fuzz"/> for replaying a failure).
/// No exception escapes; every refusal names a field; malformed YAML is reported with its file and line.
/// </summary>
public sealed class FuzzTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Validate_GeneratedDocument_EveryErrorNamesAFieldAndNothingThrows() =>
        Fuzz.Check(
            MailServerGen.Document,
            document =>
            {
                var report = MailServerValidator.Validate(MailServerGen.ToElement(document));
                Assert.All(report.Issues, issue => Assert.False(string.IsNullOrWhiteSpace(issue.Message), issue.ToString()));
                Assert.All(report.Errors, error => Assert.False(string.IsNullOrEmpty(error.Field), error.ToString()));
                Assert.Equal(report.HasErrors, report.Server is null || report.Errors.Count > 0);
            },
            document => document.ToJsonString());

    [Fact]
    public void Parse_FaithfulYaml_ReadsTheDocumentAndValidatesAsItsJson() =>
        Fuzz.Check(
            YamlGen.Faithful,
            sample =>
            {
                var file = ManifestReader.ReadText("fuzz.yaml", sample.Yaml);
                if (!IsWellFormedUtf16(sample.Document.ToJsonString()))
                {
                    Assert.All(file.Problems, problem => Assert.True(problem.Line >= 1));
                    return;
                }

                Assert.Empty(file.Problems);
                var document = Assert.Single(file.Documents);
                Assert.True(JsonNode.DeepEquals(sample.Document, JsonNode.Parse(document.Content.GetRawText())), document.Content.GetRawText());
                if (ManifestValidation.Run([file]).Files.Single().MailServers.SingleOrDefault()?.Report is not { } fromYaml)
                {
                    Assert.False(ManifestValidation.IsMailServer(document)); // an apiVersion and kind of another group
                    return;
                }

                var fromJson = MailServerValidator.Validate(MailServerGen.ToElement(sample.Document));
                Assert.Equal(fromJson.Errors.Select(e => e.ToString()), fromYaml.Errors.Select(e => e.ToString()));
            },
            sample => sample.Yaml);

    [Fact]
    public void Validate_BrokenYaml_ReportsFileAndLineAndNothingThrows() =>
        Fuzz.Check(
            YamlGen.Broken,
            text =>
            {
                var lines = text.Split('\n').Length;
                var result = ManifestValidation.Run([ManifestReader.ReadText("fuzz.yaml", text)]);
                using var output = new StringWriter();
                using var error = new StringWriter();
                ValidateTextReport.Write(result, output, error);

                foreach (var problem in result.Files.SelectMany(f => f.Problems))
                {
                    Assert.Equal(ManifestProblemKind.Malformed, problem.Kind);
                    Assert.InRange(problem.Line, 1, lines + 1);
                    Assert.StartsWith($"fuzz.yaml:{problem.Line}: ", problem.ToString(), StringComparison.Ordinal);
                }

                foreach (var server in result.Files.SelectMany(f => f.MailServers))
                {
                    Assert.All(server.Report.Errors, e => Assert.False(string.IsNullOrEmpty(e.Field), e.ToString()));
                    Assert.All(server.Report.Issues, issue => Assert.InRange(server.Document.LineOf(issue.Field), 1, lines + 1));
                }

                Assert.All(
                    output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1),
                    line => Assert.Matches(@"^fuzz\.yaml:[0-9]+: ", line));
            },
            text => JsonSerializer.Serialize(text));

    [Fact]
    public void ReadAndDecide_GeneratedAdmissionReview_AnswersOrRefusesTheBodyAndEveryRefusalNamesAField() =>
        Fuzz.Check(
            Gen.Select(MailServerGen.Document, MailServerGen.Document, Gen.OneOf<string>("CREATE", "UPDATE", "DELETE", "CONNECT", ""), Gen.Int[0, 9], Gen.Double[0, 1]),
            sample =>
                {
                    var (document, old, operation, damage, at) = sample;
                    var body = Encoding.UTF8.GetBytes(Review(document, old, operation, dropObject: damage == 1));
                    if (damage == 0)
                    {
                        body = body[..(int)(at * body.Length)]; // truncated
                    }
                    else if (damage == 2)
                    {
                        body[(int)(at * (body.Length - 1))] ^= 0x5a; // one byte changed
                    }

                    var read = AdmissionReviewReader.Read(body);
                    Assert.True(read.Request is null != (read.Problem is null), "exactly one of a request and a problem");
                    if (read.Request is not { } request)
                    {
                        Assert.False(string.IsNullOrWhiteSpace(read.Problem));
                        return;
                    }

                    var decision = AdmissionPolicy.Decide(request, AdmissionRequestsUser);
                    var response = decision.ToResponse(request.Uid ?? "uid");
                    Assert.Equal(decision.Allowed, response.Allowed);
                    if (decision.Status is { Code: 422 } invalid)
                    {
                        Assert.NotEmpty(invalid.Details!.Causes!);
                        Assert.All(invalid.Details!.Causes!, cause => Assert.False(string.IsNullOrEmpty(cause.Field), cause.Message));
                    }
                });

    [Fact]
    public void Build_StatusFromGeneratedDocumentAndProbeResults_NamesEveryErrorFieldAndNothingThrows() =>
        Fuzz.Check(
            Gen.Select(MailServerGen.Document, Gen.Int[0, 3], Gen.Enum<ProbeReason>(), Gen.Enum<ProbeReason>(), Gen.String),
            sample =>
                {
                    var (document, verification, incoming, outgoing, text) = sample;
                    var report = MailServerValidator.Validate(MailServerGen.ToElement(document));
                    var status = StatusBuilder.Build(new StatusInputs
                    {
                        Generation = 3,
                        Issues = report.Issues,
                        Position = 3,
                        IncomingEndpoint = text,
                        VerificationEnabled = verification != 0,
                        Verification = verification == 3 ? Outcome(incoming, outgoing, text) : null,
                        Now = Now,
                    });

                    var valid = Assert.Single(status.Conditions!, c => c.Type == ConditionTypes.Valid);
                    Assert.Equal(report.HasErrors ? ConditionStatus.False : ConditionStatus.True, valid.Status);
                    Assert.All(report.Errors, error => Assert.Contains(error.Field + ": ", valid.Message, StringComparison.Ordinal));
                    Assert.Single(status.Conditions!, c => c.Type == ConditionTypes.Ready);
                    Assert.All(status.Conditions!, c => Assert.Equal(3, c.ObservedGeneration));
                });

    private const string AdmissionRequestsUser = "system:serviceaccount:mailserver-operator-system:mailserver-operator";

    private static string Review(JsonObject document, JsonObject old, string operation, bool dropObject) => new JsonObject
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = "705ab4f5-6393-11e8-b7cc-42010a800002",
            ["kind"] = new JsonObject { ["group"] = "mailshare.io", ["version"] = "v1alpha1", ["kind"] = "MailServer" },
            ["resource"] = new JsonObject { ["group"] = "mailshare.io", ["version"] = "v1alpha1", ["resource"] = "mailservers" },
            ["name"] = (document["metadata"] as JsonObject)?["name"]?.DeepClone(),
            ["namespace"] = "mail-share",
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "alice", ["groups"] = new JsonArray("system:authenticated") },
            ["object"] = dropObject ? null : document.DeepClone(),
            ["oldObject"] = operation == "CREATE" ? null : old.DeepClone(),
        },
    }.ToJsonString();

    private static VerificationOutcome Outcome(ProbeReason incoming, ProbeReason outgoing, string text) => new(
        "fingerprint",
        Now,
        Now.AddMinutes(5),
        new IncomingProbeResult(incoming, text, TimeSpan.FromMilliseconds(12), "TLSv1.3", text, Now.AddDays(30), [text, "UIDL"], ["PLAIN"]),
        new OutgoingProbeResult(outgoing, text, TimeSpan.FromMilliseconds(9), null, null, null, ["SIZE"], 10_485_760, [text]),
        text.Length % 7 == 0 ? VerificationProblem.Unavailable(text) : null);

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]) || text[i] is '\ufffe' or '\uffff')
            {
                return false;
            }
        }

        return true;
    }
}
