using System.Text.Json;

namespace MailServerOperator.Tests.Deploy;

/// <summary>
/// The runtime settings the benchmarks chose (docs/benchmarks.md) are in the operator's runtimeconfig.json, where every
/// way of running it (the image, hack/run-local.sh, bench/e2e.sh, the tests) gets them, not only in the Dockerfile.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Theory]
    [InlineData("System.GC.Server", false)]
    [InlineData("System.GC.Concurrent", false)]
    [InlineData("System.Runtime.TieredPGO", false)]
    public void RuntimeConfig_ChosenSetting_Present(string name, bool expected) =>
        Assert.Equal(expected, Property(name).GetBoolean());

    [Fact]
    public void RuntimeConfig_ThreadPoolSpinning_Off() =>
        Assert.Equal(0, Property("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());

    private static JsonElement Property(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "mailserver-operator.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty(name, out var value), $"{name} is not set in {path}");
        return value.Clone();
    }
}
