using MailServerOperator.Validation.Schema;

namespace MailServerOperator.Tests.Validation.Schema;

public sealed class GoRegexTests
{
    [Theory]
    [InlineData("^a$", @"^a\z")]
    [InlineData(@"^\d+$", @"^[0-9]+\z")]
    [InlineData(@"[\d.]", "[0-9.]")]
    [InlineData(@"\w\s", @"[0-9A-Za-z_][\t\n\f\r ]")]
    [InlineData(@"\$[$]", @"\$[$]")]
    [InlineData("[]a]", @"[\]a]")]
    [InlineData("[^]a]", @"[^\]a]")]
    [InlineData("(?P<n>a)(?:b)(?i)c", "(?<n>a)(?:b)(?i)c")]
    public void Translate_Re2Syntax_ReturnsEquivalentDotNetPattern(string re2, string expected) =>
        Assert.Equal(expected, GoRegex.Translate(re2));

    [Theory]
    [InlineData("^a$", "a", true)]
    [InlineData("^a$", "a\n", false)]
    [InlineData(@"^\d+$", "123", true)]
    [InlineData(@"^\d+$", "١٢٣", false)]
    [InlineData(@"^\w+$", "é", false)]
    [InlineData("b", "abc", true)]
    public void Compile_Pattern_MatchesLikeGo(string re2, string input, bool expected) =>
        Assert.Equal(expected, GoRegex.Compile(re2).IsMatch(input));

    [Theory]
    [InlineData("(?m)^a$")]
    [InlineData("[[:alpha:]]")]
    [InlineData(@"[\D]")]
    public void Translate_UnsupportedConstruct_Throws(string re2) =>
        Assert.Throws<NotSupportedException>(() => GoRegex.Translate(re2));
}
