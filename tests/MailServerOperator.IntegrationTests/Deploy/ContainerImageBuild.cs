namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// The Dockerfile's stages run without Docker (<see cref="ContainerImage.BuildAsync"/>), once, from the start of the
/// <see cref="DeployedOperators"/> collection on: the build is the longest item of the run, so it does not wait for
/// the tests that come before it in the collection.
/// </summary>
public sealed class ContainerImageBuild : IAsyncLifetime
{
    private Task<ContainerImage>? _image;

    public Task InitializeAsync()
    {
        _image = Task.Run(ContainerImage.BuildAsync);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_image is not null)
        {
            await ((Task)_image).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_image.IsCompletedSuccessfully)
            {
                _image.Result.Dispose();
            }
        }
    }

    internal Task<ContainerImage> GetAsync() => _image!;
}
