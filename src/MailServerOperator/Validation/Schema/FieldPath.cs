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

        // Rendered as every other layer renders paths: a key that is not a plain name is bracketed (labels[mailshare.io/x], [""]).
        var text = Api.FieldPath.Root;
        foreach (var (name, index) in segments)
        {
            text = name is null ? Api.FieldPath.Index(text, index) : Api.FieldPath.Child(text, name);
        }

        return text;
    }
}
