namespace MailServerOperator.Api;

/// <summary>The CRD in <c>crds/</c>, embedded at build time so that the binary and the schema never disagree.</summary>
internal static class CrdResource
{
    public const string ResourceName = "mailshare.io_mailservers.yaml";

    public static string ReadYaml()
    {
        using var stream = typeof(CrdResource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
