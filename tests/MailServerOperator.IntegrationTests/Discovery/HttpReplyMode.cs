namespace MailServerOperator.IntegrationTests.Discovery;

internal enum HttpReplyMode
{
    /// <summary>Headers and body at once.</summary>
    Normal,

    /// <summary>Headers, then the body one byte every 200 ms.</summary>
    Slow,

    /// <summary>Headers without a length, then an endless body.</summary>
    Endless,

    /// <summary>Accepts the request and never answers.</summary>
    Silent,
}
