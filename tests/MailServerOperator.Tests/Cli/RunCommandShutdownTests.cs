using MailServerOperator.Cli;
using MailServerOperator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Cli;

/// <summary>How <c>run</c> turns the way the host ended into its exit code and last line.</summary>
public sealed class RunCommandShutdownTests
{
    [Fact]
    public async Task RunAsync_HostedServiceCrashes_ExitsOneWithOneLine()
    {
        var (exitCode, error) = await RunAsync(services => services.AddHostedService<CrashingService>());

        Assert.Equal(1, exitCode);
        Assert.Equal("run: CrashingService crashed: the loop broke", error.Trim());
    }

    [Fact]
    public async Task RunAsync_FatalErrorReported_ExitsOneWithTheReason()
    {
        var (exitCode, error) = await RunAsync(services => services.AddHostedService<FailingService>());

        Assert.Equal(1, exitCode);
        Assert.Equal("run: the caches did not sync", error.Trim());
    }

    [Fact]
    public async Task RunAsync_ShutdownRequested_ExitsZeroSilently()
    {
        using var stop = new CancellationTokenSource();
        var run = RunAsync(services => services.AddHostedService<IdleService>(), stop.Token);

        await stop.CancelAsync();

        var (exitCode, error) = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, exitCode);
        Assert.Empty(error);
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(Action<IServiceCollection> configure, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        var time = new FakeTimeProvider();
        builder.Services.AddSingleton(new Leadership(time));
        builder.Services.AddSingleton<OperatorHealth>();
        builder.Services.AddSingleton<FatalError>();
        configure(builder.Services);
        using var error = new StringWriter();
        var exitCode = await RunCommand.RunAsync(builder.Build(), error, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        return (exitCode, error.ToString());
    }

    private sealed class CrashingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the loop broke");
        }
    }

    private sealed class FailingService(FatalError fatal) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            fatal.Report("the caches did not sync");
            return Task.CompletedTask;
        }
    }

    private sealed class IdleService : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }
}
