using System.Reflection;
using System.Text.Json;
using MailServerOperator.Hosting;

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

    [Fact]
    public void RuntimeConfig_Gen0MaxBudget_FourMebibytes()
    {
        // The GC reads this public name from runtimeconfig.json (GCGen0MaxBudget is otherwise an environment variable).
        Assert.Equal(4L * 1024 * 1024, Property("System.GC.Gen0MaxBudget").GetInt64());
    }

    [Fact]
    public void OperatorAssembly_MinimalApiEndpoints_SourceGenerated()
    {
        // EnableRequestDelegateGenerator: /healthz, /readyz (MapGet) and the webhook (MapPost) are intercepted at compile
        // time, so no request delegate is built from expression trees at start-up.
        var generated = typeof(OperatorWebApplication).Assembly.GetTypes()
            .Where(t => t.Namespace == "Microsoft.AspNetCore.Http.Generated" && t.Name.EndsWith("GeneratedRouteBuilderExtensionsCore", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Select(m => m.Name)
            .ToList();

        Assert.Contains(generated, name => name.StartsWith("MapGet", StringComparison.Ordinal));
        Assert.Contains(generated, name => name.StartsWith("MapPost", StringComparison.Ordinal));
    }

    private static JsonElement Property(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "mailserver-operator.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty(name, out var value), $"{name} is not set in {path}");
        return value.Clone();
    }
}
