namespace MailServerOperator.Validation;

/// <summary>One MailServer of a namespace as the order rule sees it; <see cref="Where"/> says where it is written, if known (<c>b.yaml:7</c>).</summary>
internal sealed record OrderedServer(string Name, int? Order, string? Where = null)
{
    public override string ToString() => Where is null ? Name : $"{Name} ({Where})";
}
