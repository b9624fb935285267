using System.Globalization;

namespace MailServerOperator.Validation.Schema;

/// <summary>A <c>minimum</c> or <c>maximum</c>, with OpenAPI v3.0's boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>.</summary>
internal sealed record SchemaBound(double Value, bool Exclusive)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
