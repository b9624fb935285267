using System.Net.Sockets;
using System.Text;

namespace MailServerOperator.Probing;

/// <summary>
/// The probe's TCP connection as MailKit sees it (MailKit layers TLS and the protocol on top). It bounds every read
/// and write by <see cref="ReadTimeout"/>/<see cref="WriteTimeout"/> (MailKit sets them to its Timeout), caps what the
/// server may send in each step of the probe (a 1 MB banner or an endless reply costs a bounded amount of memory), and
/// moves the session to <see cref="ProbeStage.StartingTls"/> when the STARTTLS command goes out, so a refusal or a
/// stalled handshake is reported as such.
/// </summary>
internal sealed class ProbeStream(Socket socket, ProbeSession session, TimeProvider time) : Stream
{
    /// <summary>Greeting, capabilities, TLS handshake (with its certificate chain), login: a few KiB on real servers.</summary>
    public const int StepLimit = 256 * 1024;

    /// <summary>A check after the login may list every message (POP3 UIDL without CAPA).</summary>
    public const int CheckLimit = 16 * 1024 * 1024;

    private static readonly byte[][] StartTlsCommands = [Encoding.ASCII.GetBytes("STARTTLS\r\n"), Encoding.ASCII.GetBytes("STLS\r\n")];
    private ProbeStage countedStage = ProbeStage.SessionSetup;
    private long received;
    private bool startTlsSent;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override bool CanTimeout => true;

    public override int ReadTimeout { get; set; } = Timeout.Infinite;

    public override int WriteTimeout { get; set; } = Timeout.Infinite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(ReadTimeout), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int count;
        try
        {
            count = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No data from the server within {ReadTimeout} ms.");
        }

        Count(count);
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        NoteStartTls(buffer.Span);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(WriteTimeout), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (!buffer.IsEmpty)
            {
                buffer = buffer[await socket.SendAsync(buffer, SocketFlags.None, linked.Token)..];
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The server did not take data within {WriteTimeout} ms.");
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>The probe uses MailKit's async API only; the synchronous path is bounded by the socket's timeouts.</summary>
    public override int Read(byte[] buffer, int offset, int count)
    {
        socket.ReceiveTimeout = ReadTimeout == Timeout.Infinite ? 0 : ReadTimeout;
        var read = socket.Receive(buffer, offset, count, SocketFlags.None);
        Count(read);
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        NoteStartTls(buffer.AsSpan(offset, count));
        socket.SendTimeout = WriteTimeout == Timeout.Infinite ? 0 : WriteTimeout;
        socket.Send(buffer, offset, count, SocketFlags.None);
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            socket.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Count(int count)
    {
        var stage = session.Stage;
        if (stage != countedStage)
        {
            countedStage = stage;
            received = 0;
        }

        received += count;
        var limit = stage == ProbeStage.Checking ? CheckLimit : StepLimit;
        if (received > limit)
        {
            throw new ReceiveLimitExceededException(limit);
        }
    }

    /// <summary>The command is MailKit's, written in one piece before any TLS byte: a plain-text match is exact.</summary>
    private void NoteStartTls(ReadOnlySpan<byte> data)
    {
        if (startTlsSent || session.Tls != ProbeTlsMode.StartTls)
        {
            return;
        }

        foreach (var command in StartTlsCommands)
        {
            if (data.EndsWith(command))
            {
                startTlsSent = true;
                session.Enter(ProbeStage.StartingTls);
                return;
            }
        }
    }
}
