namespace MailServerOperator.Tests.Fuzzing;

/// <summary>A generated case broke a property; the message says how to replay it.</summary>
public sealed class FuzzCaseFailedException : Exception
{
    public FuzzCaseFailedException()
    {
    }

    public FuzzCaseFailedException(string message)
        : base(message)
    {
    }

    public FuzzCaseFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
