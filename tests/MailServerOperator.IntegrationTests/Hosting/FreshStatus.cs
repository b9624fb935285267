using System.Text.Json;
using k8s;
using MailServerOperator.Api;
using MailServerOperator.Controller;
using MailServerOperator.Informers;
using MailServerOperator.Status;
using MailServerOperator.Validation;

namespace MailServerOperator.IntegrationTests.Hosting;

/// <summary>
/// What every MailServer's status should be, computed from scratch from what the API server holds now, with the
/// operator's own pure functions (validation, display order, status builder; verification off): after a fault,
/// "nothing missed, nothing stale" means each stored status equals this.
/// </summary>
internal static class FreshStatus
{
    /// <summary>Null when every status in <paramref name="namespace"/> equals a fresh computation, else which differ and how.</summary>
    public static async Task<string?> DiffersAsync(IKubernetes client, string @namespace)
    {
        var list = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(MailServer.Group, MailServer.Version, @namespace, MailServer.Plural);
        var servers = list.GetProperty("items").EnumerateArray().Select(MailServerObject.From).ToList();
        var positions = DisplayOrder.Positions(servers.Select(o => new OrderEntry(o.Key.Name, o.Server.Spec?.Order, o.Metadata.CreationTimestamp)));
        var stale = new List<string>();
        foreach (var server in servers)
        {
            var expected = StatusBuilder.Build(new StatusInputs
            {
                Generation = server.Generation,
                Issues = MailServerValidator.Validate(server.Raw, new MailServerValidationOptions { AllowReservedNames = ReservedMailServerNames.IsReserved(server.Key.Name) }).Issues,
                Position = positions.TryGetValue(server.Key.Name, out var position) ? position : null,
                IncomingEndpoint = server.Server.Spec?.Incoming?.DisplayEndpoint(),
                OutgoingEndpoint = server.Server.Spec?.Outgoing?.DisplayEndpoint(),
                VerificationEnabled = false,
                Previous = server.Server.Status,
                Now = DateTimeOffset.UtcNow,
            });
            if (!StatusComparer.AreEqual(server.Server.Status, expected))
            {
                stale.Add($"{server.Key.Name}: has {JsonSerializer.Serialize(server.Server.Status, MailServerJson.Options)}, " +
                    $"expected {JsonSerializer.Serialize(expected, MailServerJson.Options)}");
            }
        }

        return stale.Count == 0 ? null : string.Join("\n", stale);
    }
}
