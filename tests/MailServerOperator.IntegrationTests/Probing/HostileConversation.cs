using System.Collections.Concurrent;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// A mail server that follows a script: a greeting, then for each command line the reply lines the script gives
/// (null: say nothing more and keep the connection open). It records every command it receives, so a test can prove
/// that a probe sent no login on a connection it should have abandoned.
/// </summary>
internal sealed class HostileConversation(string greeting, Func<string, string[]?> reply)
{
    private readonly ConcurrentQueue<string> commands = new();

    public IReadOnlyCollection<string> Commands => commands;

    /// <summary>The login commands of POP3 (USER, PASS, APOP, AUTH), IMAP4 (LOGIN, AUTHENTICATE) and SMTP (AUTH) received.</summary>
    public IEnumerable<string> Logins => commands.Where(line =>
        line.Split(' ', 3) is var words && words.Any(word => word.ToUpperInvariant() is "USER" or "PASS" or "APOP" or "AUTH" or "LOGIN" or "AUTHENTICATE"));

    public async Task RunAsync(FakeConnection connection, CancellationToken cancellationToken)
    {
        await connection.WriteAsync(greeting, cancellationToken);
        while (await connection.ReadLineAsync(cancellationToken) is { } line)
        {
            commands.Enqueue(line);
            if (reply(line) is not { } lines)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return;
            }

            await connection.WriteLinesAsync(cancellationToken, lines);
        }
    }

    /// <summary>Sends <paramref name="text"/> one byte a second, over and over: every read gets data, nothing ever completes.</summary>
    public static async Task TrickleAsync(string text, FakeConnection connection, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            await connection.WriteAsync(text[i % text.Length].ToString(), cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>The command, upper case: the first word (SMTP, POP3) or the word after the tag (IMAP tags carry digits).</summary>
    public static string Verb(string line)
    {
        var words = line.Split(' ');
        return (words.Length > 1 && words[0].Any(char.IsAsciiDigit) ? words[1] : words[0]).ToUpperInvariant();
    }

    /// <summary>The IMAP tag of a command line.</summary>
    public static string Tag(string line) => line.Split(' ')[0];
}
