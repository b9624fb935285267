using k8s.Models;
using MailServerOperator.Api;
using MailServerOperator.Validation;

namespace MailServerOperator.Tests.Validation;

/// <summary>A built-in's warnings would be about its provider's settings, which nobody but the operator may change.</summary>
public sealed class BuiltInWarningsTests
{
    [Theory]
    [InlineData(ReservedMailServerNames.Gmail)]
    [InlineData(ReservedMailServerNames.ExchangeOnline)]
    public void Validate_BuiltInAsTheOperatorWritesIt_HasNoWarning(string name)
    {
        var issues = MailServerRules.Validate(BuiltIn(name, name), new MailServerValidationOptions { AllowReservedNames = true });

        Assert.Empty(issues);
    }

    [Fact]
    public void Validate_SameSettingsUnderAUsersName_KeepTheirWarning()
    {
        var issues = MailServerRules.Validate(BuiltIn("my-gmail", ReservedMailServerNames.Gmail), new MailServerValidationOptions { AllowReservedNames = true });

        Assert.Contains(issues, issue => issue.Severity == ValidationSeverity.Warning && issue.Field == "spec.incoming.retention.leaveOnServer");
    }

    private static MailServer BuiltIn(string name, string settingsOf) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "mail-share" },
        Spec = BuiltInServers.SpecFor(settingsOf),
    };
}
