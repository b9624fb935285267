using System.Text;

namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>Writes a one-cluster, one-user kubeconfig that kubectl and KubernetesClient both read.</summary>
internal static class KubeconfigFile
{
    public static void Write(string path, Uri server, string caCertificatePem, string userName, string token)
    {
        var caData = Convert.ToBase64String(Encoding.ASCII.GetBytes(caCertificatePem));
        File.WriteAllText(
            path,
            $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test-control-plane
              cluster:
                server: {server.AbsoluteUri.TrimEnd('/')}
                certificate-authority-data: {caData}
            users:
            - name: {userName}
              user:
                token: {token}
            contexts:
            - name: {userName}@test-control-plane
              context:
                cluster: test-control-plane
                user: {userName}
            current-context: {userName}@test-control-plane

            """);
    }
}
