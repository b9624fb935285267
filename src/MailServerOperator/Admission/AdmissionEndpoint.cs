using System.Diagnostics;
using MailServerOperator.Informers;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Admission;

/// <summary>
/// The HTTPS endpoint the apiserver calls: reads the AdmissionReview, lets <see cref="AdmissionPolicy"/> decide, and
/// answers. A body that is not a v1 AdmissionReview gets HTTP 400 with one line saying why, never a stack trace.
/// </summary>
internal sealed partial class AdmissionEndpoint(WebhookOptions options, TimeProvider time, ILogger<AdmissionEndpoint> logger, ObjectStore<MailServerObject>? cache = null)
{
    /// <summary>An object is at most 1.5 MiB in etcd; a review holds two of them.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        if (!context.Request.IsHttps)
        {
            // The plain-HTTP health port must not answer admission reviews.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await PlainTextAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
            return;
        }

        var read = AdmissionReviewReader.Read(body);
        if (read.Request is not { } request)
        {
            LogMalformed(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", read.Problem!);
            await PlainTextAsync(context, StatusCodes.Status400BadRequest, read.Problem!);
            return;
        }

        var decision = AdmissionOrderWarning.Add(AdmissionPolicy.Decide(request, options.OperatorUserName), request, cache);
        await context.Response.WriteAsJsonAsync(AdmissionReview.Answer(decision.ToResponse(request.Uid!)), AdmissionJson.Options, context.RequestAborted);

        var elapsed = time.GetElapsedTime(started);
        OperatorTelemetry.AdmissionReviews.Add(1, new TagList { { "operation", request.Operation }, { "allowed", decision.Allowed } });
        OperatorTelemetry.AdmissionDuration.Record(elapsed.TotalSeconds);
        if (decision.Allowed)
        {
            LogAllowed(logger, request.Operation!, request.Namespace, request.Name, request.UserInfo?.Username, decision.Warnings.Count, elapsed.TotalMilliseconds);
        }
        else
        {
            LogDenied(logger, request.Operation!, request.Namespace, request.Name, request.UserInfo?.Username, decision.Status!.Message);
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var body = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    private static async Task PlainTextAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Admission {Operation} of {Namespace}/{Name} by {User}: allowed with {Warnings} warnings in {ElapsedMs:0.0} ms")]
    private static partial void LogAllowed(ILogger logger, string operation, string? @namespace, string? name, string? user, int warnings, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admission {Operation} of {Namespace}/{Name} by {User}: denied: {Reason}")]
    private static partial void LogDenied(ILogger logger, string operation, string? @namespace, string? name, string? user, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed admission review from {Remote}: {Problem}")]
    private static partial void LogMalformed(ILogger logger, string remote, string problem);
}
