using System.Text;
using System.Text.RegularExpressions;

namespace MailServerOperator.Validation.Schema;

/// <summary>
/// Compiles a CRD <c>pattern</c> (Go RE2 syntax, as the API server runs it) into a .NET regex that matches the same
/// strings. The differences that matter: Go's <c>$</c> is the end of the text (.NET's also matches before a final
/// newline), and Go's <c>\d</c>, <c>\w</c>, <c>\s</c> are ASCII-only (.NET's are Unicode). NonBacktracking gives
/// RE2's linear-time guarantee.
/// </summary>
internal static class GoRegex
{
    public static Regex Compile(string pattern) =>
        new(Translate(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    internal static string Translate(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i++;
                result.Append(TranslateEscape(pattern[i], inClass, pattern));
            }
            else if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    throw new NotSupportedException($"POSIX character classes are not supported in pattern '{pattern}'");
                }

                inClass = c != ']';
                result.Append(c);
            }
            else if (c == '[')
            {
                inClass = true;
                result.Append(c);
                // A ']' right after '[' or '[^' is a literal, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    result.Append(pattern[++i]);
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    result.Append(@"\]");
                    i++;
                }
            }
            else if (c == '$')
            {
                result.Append(@"\z");
            }
            else if (c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?')
            {
                i += 2;
                result.Append(TranslateGroupOpening(pattern, ref i));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static string TranslateEscape(char escaped, bool inClass, string pattern) => escaped switch
    {
        'd' => inClass ? "0-9" : "[0-9]",
        'w' => inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]",
        's' => inClass ? @"\t\n\f\r " : @"[\t\n\f\r ]",
        'D' or 'W' or 'S' when inClass =>
            throw new NotSupportedException($"negated class escape \\{escaped} inside [...] is not supported in pattern '{pattern}'"),
        'D' => "[^0-9]",
        'W' => "[^0-9A-Za-z_]",
        'S' => @"[^\t\n\f\r ]",
        _ => "\\" + escaped,
    };

    // i points at the character after "(?".
    private static string TranslateGroupOpening(string pattern, ref int i)
    {
        if (pattern[i] == 'P' && i + 1 < pattern.Length && pattern[i + 1] == '<')
        {
            i++;
            return "(?<";
        }

        if (pattern[i] is ':' or '<')
        {
            return "(?" + pattern[i];
        }

        for (var j = i; j < pattern.Length && pattern[j] is not (':' or ')'); j++)
        {
            if (pattern[j] == 'm')
            {
                throw new NotSupportedException($"the multi-line flag is not supported in pattern '{pattern}'");
            }
        }

        return "(?" + pattern[i];
    }
}
