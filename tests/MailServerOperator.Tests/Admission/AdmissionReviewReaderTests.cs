using System.Text;
using System.Text.Json;
using MailServerOperator.Admission;

namespace MailServerOperator.Tests.Admission;

public sealed class AdmissionReviewReaderTests
{
    private const string Review = """
        {
          "apiVersion": "admission.k8s.io/v1",
          "kind": "AdmissionReview",
          "request": {
            "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
            "kind": {"group": "mailshare.io", "version": "v1alpha1", "kind": "MailServer"},
            "resource": {"group": "mailshare.io", "version": "v1alpha1", "resource": "mailservers"},
            "requestKind": {"group": "mailshare.io", "version": "v1alpha1", "kind": "MailServer"},
            "requestResource": {"group": "mailshare.io", "version": "v1alpha1", "resource": "mailservers"},
            "name": "example-isp",
            "namespace": "mail-share",
            "operation": "UPDATE",
            "userInfo": {"username": "admin", "uid": "admin", "groups": ["system:masters", "system:authenticated"], "extra": {"scopes": ["a"]}},
            "object": {"apiVersion": "mailshare.io/v1alpha1", "kind": "MailServer", "metadata": {"name": "example-isp"}},
            "oldObject": {"apiVersion": "mailshare.io/v1alpha1", "kind": "MailServer", "metadata": {"name": "example-isp"}},
            "dryRun": false,
            "options": {"apiVersion": "meta.k8s.io/v1", "kind": "UpdateOptions"}
          }
        }
        """;

    [Fact]
    public void Read_ReviewAsTheApiServerSendsIt_ReadsWhatThePolicyNeeds()
    {
        var result = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(Review));

        Assert.Null(result.Problem);
        var request = result.Request!;
        Assert.Equal("705ab4f5-6393-11e8-b7cc-42010a800002", request.Uid);
        Assert.Equal(new AdmissionResource("mailshare.io", "v1alpha1", "mailservers"), request.Resource);
        Assert.Equal(("UPDATE", "mail-share", "example-isp", "admin"), (request.Operation, request.Namespace, request.Name, request.UserInfo?.Username));
        Assert.Equal(JsonValueKind.Object, request.Object?.ValueKind);
        Assert.Equal(JsonValueKind.Object, request.OldObject?.ValueKind);
        Assert.False(request.DryRun);
    }

    [Theory]
    [InlineData("", "not an AdmissionReview: ")]
    [InlineData("not json", "not an AdmissionReview: ")]
    [InlineData("null", "not an AdmissionReview: the body is JSON null")]
    [InlineData("[1, 2]", "not an AdmissionReview: ")]
    [InlineData("""{"kind":"AdmissionReview","request":{"uid":"1","operation":"DELETE"}}""", "apiVersion: must be admission.k8s.io/v1 (register the webhook with admissionReviewVersions: [v1])")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview"}""", "apiVersion: must be admission.k8s.io/v1 (register the webhook with admissionReviewVersions: [v1])")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"Pod"}""", "kind: must be AdmissionReview")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "request: required")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"DELETE"}}""", "request.uid: required")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1"}}""", "request.operation: required")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","operation":"CREATE"}}""", "request.object: required for CREATE, as a JSON object")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","operation":"UPDATE","object":"text"}}""", "request.object: required for UPDATE, as a JSON object")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7,"operation":"DELETE"}}""", "not an AdmissionReview: ")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","operation":"DELETE","userInfo":{"groups":"x"}}}""", "not an AdmissionReview: ")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","operation":"CONNECT"}}""", "request.operation: must be one of CREATE, UPDATE, DELETE")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","operation":"create"}}""", "request.operation: must be one of CREATE, UPDATE, DELETE")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","operation":"x-series-0001"}}""", "request.operation: must be one of CREATE, UPDATE, DELETE")]
    public void Read_Malformed_SaysWhatIsWrongWithoutThrowing(string body, string expectedStart)
    {
        var result = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(body));

        Assert.Null(result.Request);
        Assert.StartsWith(expectedStart, result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Problem!);
        Assert.DoesNotContain("MailServerOperator", result.Problem!, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Problem!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","userInfo":{"groups":"x"}}}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","userInfo":{"extra":{"k":"not-a-list"}}}}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":[]}""")]
    [InlineData("""{"apiVersion":1}""")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1",""")]
    public void Read_WrongTypes_NeverNamesADotNetType(string body)
    {
        var result = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(body));

        Assert.StartsWith("not an AdmissionReview: ", result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("MailServerOperator", result.Problem!, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Problem!, StringComparison.Ordinal);
        Assert.DoesNotContain("String", result.Problem!, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HostileMapKeyInThePath_ShortAndOnOneLine()
    {
        var key = "evil\u000a" + new string('k', 500);
        var result = AdmissionReviewReader.Read(Encoding.UTF8.GetBytes(
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","userInfo":{"extra":{" """.TrimEnd() + key + "\":7}}}}"));

        Assert.StartsWith("not an AdmissionReview: ", result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Problem!);
        Assert.True(result.Problem!.Length < 200, result.Problem);
    }

    [Fact]
    public void Read_WrongType_NamesTheJsonPath()
    {
        var result = AdmissionReviewReader.Read("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}}"""u8);

        Assert.Contains("$.request.uid", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_Refusal_SerializesAsTheApiServerExpects()
    {
        var decision = AdmissionDecision.Forbidden("gmail", "\"gmail\" is a built-in mail server") with { Warnings = ["spec.incoming.tls: w"] };

        var json = JsonSerializer.SerializeToElement(AdmissionReview.Answer(decision.ToResponse("uid-1")), AdmissionJson.Options);

        Assert.Equal("admission.k8s.io/v1", json.GetProperty("apiVersion").GetString());
        Assert.Equal("AdmissionReview", json.GetProperty("kind").GetString());
        var response = json.GetProperty("response");
        Assert.Equal("uid-1", response.GetProperty("uid").GetString());
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Equal(403, response.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal("Failure", response.GetProperty("status").GetProperty("status").GetString());
        Assert.Equal("\"gmail\" is a built-in mail server", response.GetProperty("status").GetProperty("message").GetString());
        Assert.Equal("spec.incoming.tls: w", response.GetProperty("warnings")[0].GetString());
        Assert.False(json.TryGetProperty("request", out _));
    }

    [Fact]
    public void Answer_AllowedWithoutWarnings_HasNoStatusOrWarnings()
    {
        var json = JsonSerializer.SerializeToElement(AdmissionReview.Answer(AdmissionDecision.Allow().ToResponse("uid-2")), AdmissionJson.Options);

        var response = json.GetProperty("response");
        Assert.True(response.GetProperty("allowed").GetBoolean());
        Assert.False(response.TryGetProperty("status", out _));
        Assert.False(response.TryGetProperty("warnings", out _));
    }
}
