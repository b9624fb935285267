using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MailServerOperator.Admission;
using MailServerOperator.Api;
using MailServerOperator.Tests.Validation;

namespace MailServerOperator.Tests.Admission;

/// <summary>Admission requests as the apiserver sends them for MailServers, from documents changed the MailServerDocuments way.</summary>
internal static class AdmissionRequests
{
    public const string OperatorUser = "system:serviceaccount:mailserver-operator-system:mailserver-operator";

    /// <summary>A user's object (<see cref="MailServerDocuments.ValidJson"/> named <paramref name="name"/>) or, for a reserved name, the built-in as the operator writes it.</summary>
    public static JsonElement Document(string name, string changes = "")
    {
        if (!ReservedMailServerNames.IsReserved(name))
        {
            return MailServerDocuments.Document($"metadata.name=\"{name}\"; {changes}");
        }

        var builtIn = new MailServer
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "mail-share", Labels = new Dictionary<string, string> { [BuiltInServers.BuiltInLabel] = "true" } },
            Spec = BuiltInServers.SpecFor(name),
        };
        return MailServerDocuments.Document(JsonSerializer.SerializeToNode(builtIn, MailServerJson.Options)!.AsObject(), changes);
    }

    public static AdmissionRequest Request(string operation, string user, string name, JsonElement? oldObject, JsonElement? newObject) => new()
    {
        Uid = "0b5e1a3c-0000-4000-8000-000000000001",
        Resource = new AdmissionResource(MailServer.Group, MailServer.Version, MailServer.Plural),
        Name = name,
        Namespace = "mail-share",
        Operation = operation,
        UserInfo = new AdmissionUserInfo { Username = user, Groups = ["system:authenticated"] },
        Object = newObject,
        OldObject = oldObject,
    };

    public static JsonElement WithoutBuiltInLabel(JsonElement document)
    {
        var node = JsonNode.Parse(document.GetRawText())!.AsObject();
        node["metadata"]!["labels"]!.AsObject().Remove(BuiltInServers.BuiltInLabel);
        return JsonSerializer.SerializeToElement(node);
    }
}
