using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Autorest;
using k8s.Models;
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

    public static TheoryData<Exception, string> Descriptions() => new()
    {
        { Operation(HttpStatusCode.Forbidden, """{"kind":"Status","message":"leases.coordination.k8s.io is forbidden"}"""), "HTTP 403 Forbidden: leases.coordination.k8s.io is forbidden" },
        { Operation(HttpStatusCode.InternalServerError, "  upstream broke  "), "HTTP 500 InternalServerError: upstream broke" },
        { Operation(HttpStatusCode.BadGateway, new string('x', 250)), "HTTP 502 BadGateway: " + new string('x', 200) + "..." },
        { Operation(HttpStatusCode.ServiceUnavailable, ""), "HTTP 503 ServiceUnavailable" },
        { Operation(HttpStatusCode.NotFound, """{"kind":"Status"}"""), "HTTP 404 NotFound" },
        { new KubernetesException(new V1Status { Code = 409, Reason = "Conflict", Message = "the object has been modified" }), "HTTP 409 Conflict: the object has been modified" },
        { new HttpRequestException("Connection refused (127.0.0.1:6443)", new SocketException((int)SocketError.ConnectionRefused)), "connection refused (127.0.0.1:6443)" },
        { new HttpRequestException("No route", new SocketException((int)SocketError.HostUnreachable)), "no route to host (API server)" },
        { new HttpRequestException("The SSL connection could not be established"), "the SSL connection could not be established" },
        { new TaskCanceledException("A task was canceled."), "the request timed out" },
        { new InvalidOperationException("Boom"), "boom" },
        { new InvalidOperationException("TLS handshake failed"), "TLS handshake failed" }, // an acronym keeps its case
        { new InvalidOperationException("X"), "X" },
    };

    [Theory]
    [MemberData(nameof(Descriptions))]
    public void Describe_Failure_OneLineNamingTheStatusAndTheMessage(Exception failure, string expected) =>
        Assert.Equal(expected, KubernetesErrors.Describe(failure));

    private static HttpOperationException Operation(HttpStatusCode status, string content) =>
        new() { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(status), content) };
}
