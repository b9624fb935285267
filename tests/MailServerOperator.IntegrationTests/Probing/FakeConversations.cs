namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>Conversations of servers that are broken beyond any protocol.</summary>
internal static class FakeConversations
{
    /// <summary>Accepts the connection and never says a word.</summary>
    public static Task Tarpit(FakeConnection connection, CancellationToken cancellationToken) =>
        Task.Delay(Timeout.Infinite, cancellationToken);

    /// <summary>Answers like a web server, then waits for the client to hang up.</summary>
    public static async Task Garbage(FakeConnection connection, CancellationToken cancellationToken)
    {
        await connection.WriteLinesAsync(cancellationToken, "HTTP/1.1 400 Bad Request", "Content-Length: 0", string.Empty);
        while (await connection.ReadLineAsync(cancellationToken) is not null)
        {
        }
    }

    /// <summary>Resets the connection at once.</summary>
    public static Task Reset(FakeConnection connection, CancellationToken cancellationToken)
    {
        connection.Reset();
        return Task.CompletedTask;
    }
}
