using System.ComponentModel.DataAnnotations;

namespace MailServerOperator.Api;

/// <summary>A condition in the shape of metav1.Condition.</summary>
internal sealed record MailServerCondition
{
    public required string Type { get; init; }
    [AllowedValues("True", "False", "Unknown")]
    public required string Status { get; init; }
    public long? ObservedGeneration { get; init; }
    [Required]
    public DateTimeOffset? LastTransitionTime { get; init; }
    public required string Reason { get; init; }
    [Required]
    public string Message { get; init; } = "";
}
