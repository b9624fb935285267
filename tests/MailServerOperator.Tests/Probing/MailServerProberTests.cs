using MailServerOperator.Probing;

namespace MailServerOperator.Tests.Probing;

public sealed class MailServerProberTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(15, 0)]
    [InlineData(-1, 10)]
    internal void Constructor_NonPositiveTimeout_Throws(int timeoutSeconds, int operationSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MailServerProber(
            new ProbeOptions { Timeout = TimeSpan.FromSeconds(timeoutSeconds), OperationTimeout = TimeSpan.FromSeconds(operationSeconds) },
            TimeProvider.System));

    [Fact]
    internal void Constructor_MissingCaBundle_Throws() =>
        Assert.ThrowsAny<IOException>(() => new MailServerProber(new ProbeOptions { CaBundlePath = "/nonexistent/ca-bundle.pem" }, TimeProvider.System));

    [Fact]
    internal void Defaults_FifteenSecondsOverallTenPerStep()
    {
        var options = new ProbeOptions();

        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10)), (options.Timeout, options.OperationTimeout));
    }

    [Theory]
    [InlineData("", 110)]
    [InlineData(" ", 110)]
    [InlineData("pop.example.jp", 0)]
    [InlineData("pop.example.jp", 65536)]
    internal async Task ProbeIncomingAsync_InvalidEndpoint_ThrowsBeforeAnyNetwork(string host, int port)
    {
        var prober = new MailServerProber(new ProbeOptions(), TimeProvider.System);

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            prober.ProbeIncomingAsync(new(IncomingMailProtocol.Pop3, host, port, ProbeTlsMode.None), null, CancellationToken.None));
    }
}
