namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>A build stage: <c>FROM BaseImage [AS Name]</c> and the instructions up to the next FROM.</summary>
internal sealed record DockerfileStage(string BaseImage, string? Name, IReadOnlyList<DockerfileInstruction> Instructions);
