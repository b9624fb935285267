namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>
/// A control plane (with <c>crds/</c> installed) for the tests that must not share one with tests running at the same
/// time, because they stop or restart its apiserver or run an operator over every namespace. They share this one
/// instead of starting one each: the collection runs them one after another, and each leaves the apiserver running.
/// </summary>
public sealed class PrivateControlPlane : IAsyncLifetime
{
    internal ControlPlane Plane { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Plane = await ControlPlane.StartAsync();
        await Plane.InstallCrdsAsync(Path.Combine(RepositoryRoot.Path, "crds"));
    }

    public async Task DisposeAsync()
    {
        if (Plane is not null)
        {
            await Plane.DisposeAsync();
        }
    }
}
