namespace MailServerOperator.Api;

/// <summary>One step of a <see cref="FieldPath"/>: a property or map key (<see cref="Name"/>) or a list index (<see cref="Index"/>).</summary>
internal readonly record struct FieldPathSegment(string? Name, int? Index);
