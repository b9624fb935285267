using System.Text.Json;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.Tests.Kubernetes;

public sealed class SelfSubjectReviewTests
{
    [Theory]
    [InlineData("""{"status":{"userInfo":{"username":"system:serviceaccount:ops:mail-operator","groups":["system:authenticated"]}}}""", "system:serviceaccount:ops:mail-operator")]
    [InlineData("""{"status":{"userInfo":{"username":""}}}""", "")]
    [InlineData("""{"status":{"userInfo":{"username":42}}}""", null)]
    [InlineData("""{"status":{"userInfo":"alice"}}""", null)]
    [InlineData("""{"status":{}}""", null)]
    [InlineData("""{"status":null}""", null)]
    [InlineData("""{"kind":"SelfSubjectReview"}""", null)]
    [InlineData("""["status"]""", null)]
    public void UserNameOf_Response_StatusUserInfoUsernameOrNull(string response, string? expected)
    {
        using var document = JsonDocument.Parse(response);

        Assert.Equal(expected, SelfSubjectReview.UserNameOf(document.RootElement.Clone()));
    }

    [Fact]
    public void UserNameOf_NotJson_Null()
    {
        Assert.Null(SelfSubjectReview.UserNameOf("system:admin"));
        Assert.Null(SelfSubjectReview.UserNameOf(null));
    }
}
