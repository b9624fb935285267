using System.Security.Cryptography;
using System.Text;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>
/// An RFC 1939 POP3 server that real servers will not imitate: CAPA and UIDL each on or off, an optional APOP
/// timestamp. It counts login commands (USER, PASS, APOP, AUTH) to prove a probe tries exactly once.
/// </summary>
internal sealed class FakePop3Conversation(bool capa, bool uidl, bool apopTimestamp = false, int messages = 1)
{
    public const string User = "carol";
    public const string Password = "carolpw";
    private const string Timestamp = "<1234.5678@fake.test>";
    private int loginCommands;

    public int LoginCommands => Volatile.Read(ref loginCommands);

    public async Task RunAsync(FakeConnection connection, CancellationToken cancellationToken)
    {
        await connection.WriteLinesAsync(cancellationToken, "+OK fake POP3 ready" + (apopTimestamp ? " " + Timestamp : string.Empty));
        while (await connection.ReadLineAsync(cancellationToken) is { } line)
        {
            var words = line.Split(' ');
            var command = words[0].ToUpperInvariant();
            if (command is "USER" or "PASS" or "APOP" or "AUTH")
            {
                Interlocked.Increment(ref loginCommands);
            }

            string[] reply = command switch
            {
                "CAPA" when capa => ["+OK", "TOP", "USER", .. uidl ? new[] { "UIDL" } : [], "."],
                "USER" => ["+OK"],
                "PASS" => [words.Length == 2 && words[1] == Password ? "+OK logged in" : "-ERR [AUTH] bad"],
                "APOP" => [apopTimestamp && words.Length == 3 && words[1] == User && words[2] == ApopDigest() ? "+OK logged in" : "-ERR [AUTH] bad"],
                "STAT" => [$"+OK {messages} {messages * 10}"],
                "UIDL" when uidl && words.Length == 2 => [$"+OK {words[1]} uid-{words[1]}"],
                "UIDL" when uidl => ["+OK", .. Enumerable.Range(1, messages).Select(i => $"{i} uid-{i}"), "."],
                "QUIT" => ["+OK bye"],
                _ => ["-ERR unknown command"],
            };
            await connection.WriteLinesAsync(cancellationToken, reply);
            if (command == "QUIT")
            {
                return;
            }
        }
    }

#pragma warning disable CA5351 // APOP (RFC 1939) is defined as MD5(timestamp + password).
    private static string ApopDigest() =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(Timestamp + Password)));
#pragma warning restore CA5351
}
