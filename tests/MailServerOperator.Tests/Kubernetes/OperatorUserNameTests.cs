using System.Buffers.Text;
using System.Text;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.Tests.Kubernetes;

public sealed class OperatorUserNameTests
{
    [Fact]
    public void SubjectOfToken_ServiceAccountJwt_TheServiceAccountsUserName()
    {
        var token = Jwt("""{"iss":"https://kubernetes.default.svc","sub":"system:serviceaccount:mailserver-operator-system:mailserver-operator","kubernetes.io":{"namespace":"mailserver-operator-system"}}""");

        Assert.Equal("system:serviceaccount:mailserver-operator-system:mailserver-operator", OperatorUserName.SubjectOfToken(token));
    }

    [Theory]
    [InlineData("3f1c2b9a0d7e4c5b8a6f1e2d3c4b5a69")] // a static token
    [InlineData("a.b")]
    [InlineData("a.%%%.c")]
    public void SubjectOfToken_NotAJwt_Null(string token)
    {
        Assert.Null(OperatorUserName.SubjectOfToken(token));
    }

    [Theory]
    [InlineData("""{"iss":"x"}""")]
    [InlineData("""{"sub":42}""")]
    [InlineData("""[1]""")]
    [InlineData("""not json""")]
    public void SubjectOfToken_NoSubjectString_Null(string payload)
    {
        Assert.Null(OperatorUserName.SubjectOfToken(Jwt(payload)));
    }

    private static string Jwt(string payload) =>
        $"{Base64Url.EncodeToString("""{"alg":"RS256"}"""u8)}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.c2lnbmF0dXJl";
}
