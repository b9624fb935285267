using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>
/// <c>spec.order</c> shared by two servers of one namespace: allowed, but warned, because the tie is then broken by
/// creation time, which nobody committing YAML to git controls. The same words in <c>validate</c> (across the files given),
/// admission and status. The built-ins have fixed places and are never part of a tie.
/// </summary>
internal static class OrderRules
{
    public const string Field = "spec.order";

    /// <summary>The warning for <paramref name="server"/> among <paramref name="namespaceServers"/> (which may include itself), or null.</summary>
    public static ValidationIssue? Check(OrderedServer server, IEnumerable<OrderedServer> namespaceServers)
    {
        if (server.Order is not { } order || ReservedMailServerNames.IsReserved(server.Name))
        {
            return null;
        }

        var others = namespaceServers
            .Where(other => other.Order == order && other.Name != server.Name && !ReservedMailServerNames.IsReserved(other.Name))
            .Select(other => other.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
        return others.Count == 0
            ? null
            : ValidationIssue.Warning(
                Field,
                $"order {order} is also the order of {string.Join(", ", others)} in this namespace: the tie is broken by creation time, " +
                "which a commit cannot control; give each server its own order");
    }
}
