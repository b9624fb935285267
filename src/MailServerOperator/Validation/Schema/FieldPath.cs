using System.Globalization;
using System.Text;

namespace MailServerOperator.Validation.Schema;

/// <summary>
/// The path of the value being validated, kept as a stack of segments so that a walk over a valid document builds no
/// strings; <see cref="ToString"/> renders it (<c>spec.incoming.port</c>, <c>status.conditions[0].type</c>) only for an issue.
/// </summary>
internal sealed class FieldPath
{
    public const string Root = "(root)";

    private readonly List<(string? Name, int Index)> segments = new(8);

    public void Push(string name) => segments.Add((name, -1));

    public void Push(int index) => segments.Add((null, index));

    public void Pop() => segments.RemoveAt(segments.Count - 1);

    public override string ToString()
    {
        if (segments.Count == 0)
        {
            return Root;
        }

        var text = new StringBuilder();
        foreach (var (name, index) in segments)
        {
            if (name is null)
            {
                text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(name);
            }
        }

        return text.ToString();
    }
}
