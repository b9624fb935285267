using MailServerOperator.Api;
using MailServerOperator.Validation;

namespace MailServerOperator.Admission;

/// <summary>What the webhook answers to one request, before it is put into an <see cref="AdmissionResponse"/>.</summary>
internal sealed record AdmissionDecision
{
    public required bool Allowed { get; init; }

    /// <summary>Why not, when not allowed.</summary>
    public AdmissionStatus? Status { get; init; }

    /// <summary>Field-addressed warnings (<c>field: message</c>), the same text <c>validate</c> prints.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static AdmissionDecision Allow(IReadOnlyList<string>? warnings = null) => new() { Allowed = true, Warnings = warnings ?? [] };

    /// <summary>A refusal for invalid content: HTTP 422 with a cause for each field, as the apiserver's own validation answers.</summary>
    public static AdmissionDecision Invalid(string? name, IReadOnlyList<ValidationIssue> errors, IReadOnlyList<string> warnings) => new()
    {
        Allowed = false,
        Warnings = warnings,
        Status = new AdmissionStatus
        {
            Code = 422,
            Reason = "Invalid",
            Message = string.Join("; ", errors.Select(error => error.ToString())),
            Details = new AdmissionStatusDetails
            {
                Name = name,
                Group = MailServer.Group,
                Kind = MailServer.KindName,
                Causes = [.. errors.Select(error => new AdmissionStatusCause("FieldValueInvalid", error.Message, error.Field))],
            },
        },
    };

    /// <summary>A refusal of who asks rather than of what they ask for: HTTP 403.</summary>
    public static AdmissionDecision Forbidden(string? name, string message) => Refusal(403, "Forbidden", name, message);

    /// <summary>A refusal of who asks for one field's value: HTTP 403 with that field as the cause.</summary>
    public static AdmissionDecision ForbiddenField(string? name, string field, string message, IReadOnlyList<string> warnings) =>
        Refusal(403, "Forbidden", name, $"{field}: {message}", [new AdmissionStatusCause("FieldValueForbidden", message, field)], warnings);

    /// <summary>A refusal because a check could not be made now: HTTP 503, worth retrying.</summary>
    public static AdmissionDecision Unavailable(string? name, string message) => Refusal(503, "ServiceUnavailable", name, message);

    public AdmissionResponse ToResponse(string uid) => new()
    {
        Uid = uid,
        Allowed = Allowed,
        Status = Status,
        Warnings = Warnings.Count == 0 ? null : Warnings,
    };

    /// <summary>A refusal of the request: the details name the resource (plural), as the apiserver's own 403 does.</summary>
    private static AdmissionDecision Refusal(int code, string reason, string? name, string message, AdmissionStatusCause[]? causes = null, IReadOnlyList<string>? warnings = null) => new()
    {
        Allowed = false,
        Warnings = warnings ?? [],
        Status = new AdmissionStatus
        {
            Code = code,
            Reason = reason,
            Message = message,
            Details = new AdmissionStatusDetails { Name = name, Group = MailServer.Group, Kind = MailServer.Plural, Causes = causes },
        },
    };
}
