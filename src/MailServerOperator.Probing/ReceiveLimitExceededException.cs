namespace MailServerOperator.Probing;

/// <summary>The server sent more in one step of the probe than any mail server needs (<see cref="ProbeStream"/>).</summary>
internal sealed class ReceiveLimitExceededException : Exception
{
    public ReceiveLimitExceededException()
        : this(0)
    {
    }

    public ReceiveLimitExceededException(string message)
        : base(message)
    {
    }

    public ReceiveLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="limit">The number of bytes allowed in the step.</param>
    public ReceiveLimitExceededException(long limit)
        : base("The server sent more than the probe reads in one step.")
    {
        Limit = limit;
    }

    public long Limit { get; }
}
