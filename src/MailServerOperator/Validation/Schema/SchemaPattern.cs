using System.Text.RegularExpressions;

namespace MailServerOperator.Validation.Schema;

/// <summary>A <c>pattern</c> as written in the CRD (Go RE2 syntax) and compiled to behave the same in .NET.</summary>
internal sealed record SchemaPattern(string Source, Regex Regex)
{
    public static SchemaPattern Compile(string source) => new(source, GoRegex.Compile(source));

    public bool IsMatch(string value) => Regex.IsMatch(value);
}
