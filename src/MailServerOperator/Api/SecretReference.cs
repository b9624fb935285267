using System.ComponentModel.DataAnnotations;

namespace MailServerOperator.Api;

internal sealed record SecretReference
{
    [Required]
    public string? Name { get; init; }
}
