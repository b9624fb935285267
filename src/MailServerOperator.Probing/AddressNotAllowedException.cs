namespace MailServerOperator.Probing;

/// <summary>Every address of the host is in a network the probe may not connect to (<see cref="ProbeAddressPolicy"/>).</summary>
internal sealed class AddressNotAllowedException : Exception
{
    public AddressNotAllowedException()
        : this([])
    {
    }

    public AddressNotAllowedException(string message)
        : base(message)
    {
        Kinds = [];
    }

    public AddressNotAllowedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kinds = [];
    }

    /// <param name="kinds">The kinds of the refused networks, e.g. "loopback", "private".</param>
    public AddressNotAllowedException(IReadOnlyList<string> kinds)
        : base("No address of the host may be probed.")
    {
        Kinds = kinds;
    }

    public IReadOnlyList<string> Kinds { get; }
}
