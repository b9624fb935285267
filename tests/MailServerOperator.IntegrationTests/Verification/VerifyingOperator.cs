using MailServerOperator.Hosting;
using MailServerOperator.IntegrationTests.Controller;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.IntegrationTests.Probing;

namespace MailServerOperator.IntegrationTests.Verification;

/// <summary>
/// What a test of verification against this run's Dovecot and Exim sets up: their CA bundle in a file, fresh namespaces
/// on the shared control plane, and (unless <c>start</c> is false) an operator verifying in them with
/// <see cref="LocalServers.Verifying"/> and <c>configure</c>, stopped when the test ends. A test class holds one in a
/// field and forwards its <see cref="IAsyncLifetime"/> to it; xunit makes a class instance per test, so each test has its own.
/// </summary>
internal sealed class VerifyingOperator(MailServersFixture mail, string[] namespacePrefixes, Action<OperatorOptions>? configure = null, bool start = true)
    : IAsyncLifetime
{
    private readonly List<OperatorInstance> _started = [];
    private string? _caBundle;

    public ControlPlane Plane { get; private set; } = null!;

    /// <summary>The namespaces made from the prefixes, in their order.</summary>
    public IReadOnlyList<string> Namespaces { get; private set; } = [];

    /// <summary>The MailServers of the first namespace.</summary>
    public MailServers Servers { get; private set; } = null!;

    /// <summary>The operator started before the test (when <c>start</c> is true).</summary>
    public OperatorInstance Operator { get; private set; } = null!;

    public MailServerTestEnvironment Environment => mail.Environment;

    public async Task InitializeAsync()
    {
        _caBundle = await LocalServers.WriteCaBundleAsync(mail);
        Plane = await SharedControlPlane.GetAsync();
        var namespaces = new List<string>();
        foreach (var prefix in namespacePrefixes)
        {
            namespaces.Add(await Plane.CreateNamespaceAsync(prefix));
        }

        Namespaces = namespaces;
        Servers = new MailServers(Plane.Client, Namespaces[0]);
        if (start)
        {
            Operator = await StartAsync("test-operator");
        }
    }

    /// <summary>Another operator over the same namespaces with the same options, then <paramref name="also"/>; stopped with the test unless stopped before.</summary>
    public async Task<OperatorInstance> StartAsync(string identity, Action<OperatorOptions>? also = null)
    {
        var instance = await OperatorInstance.StartAsync(Plane, o =>
        {
            LocalServers.Verifying(_caBundle!, [.. Namespaces])(o);
            configure?.Invoke(o);
            also?.Invoke(o);
        }, identity);
        _started.Add(instance);
        return instance;
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _started)
        {
            await instance.DisposeAsync();
        }

        if (_caBundle is not null)
        {
            File.Delete(_caBundle);
        }
    }
}
