namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>One Dockerfile instruction: its keyword (upper case), its arguments with continuations joined, its first line.</summary>
internal sealed record DockerfileInstruction(string Keyword, string Arguments, int Line)
{
    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}
