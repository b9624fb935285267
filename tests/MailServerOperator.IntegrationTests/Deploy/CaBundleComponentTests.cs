using System.Text.Json;
using MailServerOperator.Cli;
using MailServerOperator.IntegrationTests.Infrastructure;
using MailServerOperator.Manifests;

namespace MailServerOperator.IntegrationTests.Deploy;

/// <summary>
/// deploy/components/ca-bundle: its patch, rendered by the real kubectl kustomize over a copy of deploy/ with a CA bundle
/// ConfigMap generated beside it (as patchesJson6902, which every kustomize since v2.0.3 reads; the component form needs 3.7).
/// </summary>
public sealed class CaBundleComponentTests : IDisposable
{
    private const string BundleDirectory = "/etc/mailserver-operator/ca-bundle";

    private readonly string root = Directory.CreateTempSubdirectory("mailserver-operator-ca-bundle-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Patch_OverDeploy_MountsTheGeneratedConfigMapAndPassesCaBundle()
    {
        var objects = await RenderAsync();

        var configMap = objects.Single(o => Kind(o) == "ConfigMap" && Name(o).StartsWith("mailserver-operator-ca-bundle-", StringComparison.Ordinal));
        Assert.Contains("BEGIN CERTIFICATE", configMap.GetProperty("data").GetProperty("ca.pem").GetString(), StringComparison.Ordinal);
        var pod = objects.Single(o => Kind(o) == "Deployment").GetProperty("spec").GetProperty("template").GetProperty("spec");
        var container = pod.GetProperty("containers")[0];
        var volume = pod.GetProperty("volumes").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "ca-bundle");
        Assert.Equal(Name(configMap), volume.GetProperty("configMap").GetProperty("name").GetString());
        var mount = container.GetProperty("volumeMounts").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "ca-bundle");
        Assert.Equal(BundleDirectory, mount.GetProperty("mountPath").GetString());
        Assert.True(mount.GetProperty("readOnly").GetBoolean());

        var parse = OperatorCommandLine.Build().Parse([.. container.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)]);
        Assert.Empty(parse.Errors);
        Assert.Equal(BundleDirectory + "/ca.pem", parse.GetValue<string>(CaBundleOption.Name));
    }

    private async Task<IReadOnlyList<JsonElement>> RenderAsync()
    {
        Copy(Path.Combine(RepositoryRoot.Path, "deploy"), Path.Combine(root, "deploy"));
        Copy(Path.Combine(RepositoryRoot.Path, "crds"), Path.Combine(root, "crds"));
        var overlay = Directory.CreateDirectory(Path.Combine(root, "overlay")).FullName;
        File.Copy(Path.Combine(root, "deploy", "components", "ca-bundle", "deployment-patch.yaml"), Path.Combine(overlay, "ca-bundle-patch.yaml"));
        await File.WriteAllTextAsync(Path.Combine(overlay, "ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        await File.WriteAllTextAsync(Path.Combine(overlay, "kustomization.yaml"), """
            bases:
              - ../deploy
            configMapGenerator:
              - name: mailserver-operator-ca-bundle
                namespace: mailserver-operator-system
                files:
                  - ca.pem
            patchesJson6902:
              - target:
                  group: apps
                  version: v1
                  kind: Deployment
                  name: mailserver-operator
                  namespace: mailserver-operator-system
                path: ca-bundle-patch.yaml
            """);

        var yaml = (await Kubectl.RunAsync(null, ["kustomize", overlay])).EnsureSuccess();
        var file = ManifestReader.ReadText("kubectl kustomize", yaml);
        Assert.Empty(file.Problems);
        return [.. file.Documents.Select(document => document.Content)];
    }

    private static void Copy(string from, string to)
    {
        foreach (var path in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }
    }

    private static string Kind(JsonElement o) => o.GetProperty("kind").GetString()!;

    private static string Name(JsonElement o) => o.GetProperty("metadata").GetProperty("name").GetString()!;
}
