namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// The one control plane of a test run, started on first use with <c>crds/</c> installed, and stopped when the test
/// process exits. Any test class may share it and still run in parallel with the others (xunit runs classes in
/// parallel unless they share a collection, which is why this is a static and not a collection fixture).
/// Tests isolate themselves with <see cref="ControlPlane.CreateNamespaceAsync"/>. Never stop or dispose it: a test
/// that needs to stop the apiserver starts its own <see cref="ControlPlane"/>.
/// </summary>
internal static class SharedControlPlane
{
    private static readonly Lazy<Task<ControlPlane>> Instance = new(() => Task.Run(StartAsync));

    /// <summary>The shared control plane; a start failure is cached, so every test reports the same logs at once.</summary>
    public static Task<ControlPlane> GetAsync() => Instance.Value;

    private static async Task<ControlPlane> StartAsync()
    {
        var plane = await ControlPlane.StartAsync();
        try
        {
            await plane.InstallCrdsAsync(Path.Combine(RepositoryRoot.Path, "crds"));
            return plane;
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }
}
