using System.Buffers;
using System.Diagnostics;
using MailServerOperator.Controller;
using MailServerOperator.Telemetry;

namespace MailServerOperator.Admission;

/// <summary>
/// The HTTPS endpoint the apiserver calls: reads the AdmissionReview, lets <see cref="AdmissionReviewer"/> decide, and
/// answers. A body that is not a v1 AdmissionReview gets HTTP 400 with one line saying why, never a stack trace or a .NET
/// type name. At most <see cref="MaxConcurrentReviews"/> bodies are read and judged at once, each at most
/// <see cref="MaxBodyBytes"/> long, so a flood of large bodies costs a bounded amount of memory.
/// </summary>
internal sealed partial class AdmissionEndpoint(AdmissionReviewer reviewer, TimeProvider time, ILogger<AdmissionEndpoint> logger, DisplayOrderIndex? order = null) : IDisposable
{
    /// <summary>
    /// The apiserver takes request bodies up to 3 MiB and etcd objects up to 1.5 MiB, so a review (the object and the
    /// old object) fits in 3 MiB; the rest is room for the envelope. Kestrel enforces it too (<c>MaxRequestBodySize</c>).
    /// </summary>
    public const int MaxBodyBytes = (3 * 1024 * 1024) + (64 * 1024);

    /// <summary>Reviews read and judged at once; the apiserver's own timeout (10 s) bounds how long the others wait.</summary>
    public const int MaxConcurrentReviews = 8;

    private static readonly TimeSpan SlotTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _slots = new(MaxConcurrentReviews, MaxConcurrentReviews);

    public async Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        if (!context.Request.IsHttps)
        {
            // The plain-HTTP health port must not answer admission reviews.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await PlainTextAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
            return;
        }

        if (!await _slots.WaitAsync(SlotTimeout, context.RequestAborted))
        {
            await PlainTextAsync(context, StatusCodes.Status503ServiceUnavailable, "too many admission reviews at once; try again");
            return;
        }

        try
        {
            await ReviewAsync(context, started);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    private async Task ReviewAsync(HttpContext context, long started)
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is not { } rented)
        {
            await PlainTextAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
            return;
        }

        AdmissionReviewReadResult read;
        try
        {
            read = AdmissionReviewReader.Read(rented.Buffer.AsSpan(0, rented.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented.Buffer);
        }

        if (read.Request is not { } request)
        {
            LogMalformed(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", read.Problem!);
            await PlainTextAsync(context, StatusCodes.Status400BadRequest, read.Problem!);
            return;
        }

        var decision = AdmissionOrderWarning.Add(await reviewer.DecideAsync(request, context.RequestAborted), request, order);
        await context.Response.WriteAsJsonAsync(AdmissionReview.Answer(decision.ToResponse(request.Uid!)), AdmissionJsonContext.Default.AdmissionReview, cancellationToken: context.RequestAborted);

        // The reader let only CREATE, UPDATE and DELETE through: the operation label has three values at most.
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

    /// <summary>
    /// The body in a pooled buffer (to be returned by the caller), sized from Content-Length when given; null when it is
    /// longer than allowed. Pooled, because a flood would otherwise leave the garbage collector a large-object heap of
    /// dead bodies to find.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } length ? (int)Math.Max(length, 1) : 64 * 1024);
        var filled = 0;
        try
        {
            while (true)
            {
                var capacity = Math.Min(buffer.Length, MaxBodyBytes);
                if (filled == capacity)
                {
                    if (capacity == MaxBodyBytes)
                    {
                        // Full at the limit: one more byte means too long.
                        if (await request.Body.ReadAsync(new byte[1], cancellationToken) == 0)
                        {
                            break;
                        }

                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(filled, capacity - filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return (buffer, filled);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null; // Kestrel's own limit, for a body without Content-Length
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
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
