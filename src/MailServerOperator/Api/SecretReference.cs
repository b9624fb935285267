namespace MailServerOperator.Api;

internal sealed record SecretReference
{
    public string? Name { get; init; }
}
