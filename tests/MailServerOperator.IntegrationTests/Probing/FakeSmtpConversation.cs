namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>An ESMTP server with a chosen set of extensions; it counts AUTH commands and refuses everything else.</summary>
internal sealed class FakeSmtpConversation(bool startTls, long? size, params string[] authMechanisms)
{
    private int authCommands;

    public int AuthCommands => Volatile.Read(ref authCommands);

    /// <summary>The name the client sent with its last EHLO.</summary>
    public string? EhloName { get; private set; }

    public async Task RunAsync(FakeConnection connection, CancellationToken cancellationToken)
    {
        await connection.WriteLinesAsync(cancellationToken, "220 fake.test ESMTP ready");
        while (await connection.ReadLineAsync(cancellationToken) is { } line)
        {
            var command = line.Split(' ')[0].ToUpperInvariant();
            switch (command)
            {
                case "EHLO":
                    EhloName = line.Split(' ').ElementAtOrDefault(1);
                    List<string> extensions = ["fake.test", "8BITMIME"];
                    if (size is { } limit)
                    {
                        extensions.Add($"SIZE {limit}");
                    }

                    if (authMechanisms.Length > 0)
                    {
                        extensions.Add("AUTH " + string.Join(' ', authMechanisms));
                    }

                    if (startTls)
                    {
                        extensions.Add("STARTTLS");
                    }

                    await connection.WriteLinesAsync(cancellationToken, [.. extensions.Select((e, i) => (i == extensions.Count - 1 ? "250 " : "250-") + e)]);
                    break;
                case "AUTH":
                    Interlocked.Increment(ref authCommands);
                    await connection.WriteLinesAsync(cancellationToken, "535 5.7.8 authentication failed");
                    break;
                case "QUIT":
                    await connection.WriteLinesAsync(cancellationToken, "221 bye");
                    return;
                default:
                    await connection.WriteLinesAsync(cancellationToken, "502 5.5.2 command not recognized");
                    break;
            }
        }
    }
}
