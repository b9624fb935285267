using System.Net;
using k8s.Autorest;
using MailServerOperator.Kubernetes;

namespace MailServerOperator.Tests.Kubernetes;

public sealed class KubernetesErrorsTests
{
    public static TheoryData<Exception, bool> Failures() => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:6443)"), true },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."), true },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (api:6443)"), true },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established"), false },
        { new HttpRequestException("Response status code does not indicate success: 503", null, HttpStatusCode.ServiceUnavailable), false },
        { new HttpOperationException { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), "") }, false },
        { new InvalidOperationException("boom"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void IsUnreachable_Failure_TrueOnlyWithoutAnyAnswer(Exception failure, bool expected) =>
        Assert.Equal(expected, KubernetesErrors.IsUnreachable(failure));
}
