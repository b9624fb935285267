using MailServerOperator.IntegrationTests.Infrastructure;

namespace MailServerOperator.IntegrationTests.Bench;

/// <summary>The e2e benchmark's short mode keeps working: every figure is measured and printed (the values are not judged here).</summary>
public sealed class EndToEndBenchmarkTests
{
    [Fact]
    public async Task QuickMode_SmallRun_PrintsEveryFigureAndRatio()
    {
        var result = await ExternalCommand.RunAsync("bash", ["bench/e2e.sh", "--quick", "--no-build"], TimeSpan.FromMinutes(10));

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("every figure printed", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("ratio: P1 creates → statuses current, s [N=50] / floor", result.StandardOutput, StringComparison.Ordinal);
    }
}
