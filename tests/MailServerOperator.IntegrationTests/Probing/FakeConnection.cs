using System.Net.Sockets;
using System.Text;

namespace MailServerOperator.IntegrationTests.Probing;

/// <summary>One client of a <see cref="FakeServer"/>: CRLF lines in and out.</summary>
internal sealed class FakeConnection(Socket socket, Stream stream) : IDisposable
{
    private readonly StreamReader reader = new(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);

    /// <summary>The next line, or null when the client has hung up.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken) => await reader.ReadLineAsync(cancellationToken);

    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public Task WriteLinesAsync(CancellationToken cancellationToken, params string[] lines) =>
        WriteAsync(string.Concat(lines.Select(line => line + "\r\n")), cancellationToken);

    public void Dispose() => reader.Dispose();

    /// <summary>Closes with a TCP reset instead of an orderly close.</summary>
    public void Reset()
    {
        socket.LingerState = new LingerOption(enable: true, seconds: 0);
        socket.Close();
    }
}
