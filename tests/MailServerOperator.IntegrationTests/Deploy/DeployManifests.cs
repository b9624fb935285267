using System.Text.Json;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Manifests;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>What <c>kubectl kustomize deploy</c> renders: the objects that <c>kubectl apply -k deploy</c> installs.</summary>
internal sealed class DeployManifests
{
    public const string OperatorNamespace = "mailserver-operator-system";
    public const string ServiceAccountName = "mailserver-operator";
    public const string ServiceAccountUser = "system:serviceaccount:" + OperatorNamespace + ":" + ServiceAccountName;

    private static readonly Lazy<Task<DeployManifests>> Rendered = new(RenderAsync);

    private DeployManifests(IReadOnlyList<JsonElement> objects) => Objects = objects;

    public IReadOnlyList<JsonElement> Objects { get; }

    public JsonElement Deployment => Single("Deployment", "mailserver-operator");

    public JsonElement OperatorContainer => Deployment.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];

    public static Task<DeployManifests> GetAsync() => Rendered.Value;

    /// <summary>The objects as one YAML stream (JSON documents are YAML), for <c>kubectl apply -f -</c>.</summary>
    public static string ToStream(IEnumerable<JsonElement> objects) => string.Concat(objects.Select(o => "---\n" + o.GetRawText() + "\n"));

    public static string KindOf(JsonElement o) => o.GetProperty("kind").GetString()!;

    public static string NameOf(JsonElement o) => o.GetProperty("metadata").GetProperty("name").GetString()!;

    public static string? NamespaceOf(JsonElement o) =>
        o.GetProperty("metadata").TryGetProperty("namespace", out var ns) ? ns.GetString() : null;

    public IEnumerable<JsonElement> OfKind(params string[] kinds) => Objects.Where(o => kinds.Contains(KindOf(o), StringComparer.Ordinal));

    public JsonElement Single(string kind, string name) => OfKind(kind).Single(o => NameOf(o) == name);

    private static async Task<DeployManifests> RenderAsync()
    {
        var yaml = (await Kubectl.RunAsync(null, ["kustomize", Path.Combine(RepositoryRoot.Path, "deploy")])).EnsureSuccess();
        var file = ManifestReader.ReadText("kubectl kustomize deploy", yaml);
        if (file.Problems.Count > 0)
        {
            throw new InvalidDataException("kubectl kustomize deploy rendered unreadable YAML: " + string.Join("; ", file.Problems));
        }

        return new DeployManifests([.. file.Documents.Select(document => document.Content)]);
    }
}
