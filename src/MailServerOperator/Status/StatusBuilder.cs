using MailServerOperator.Api;
using MailServerOperator.Validation;

namespace MailServerOperator.Status;

/// <summary>The pure function from what a reconcile learned to the status it writes.</summary>
internal static class StatusBuilder
{
    public const string ReasonValid = "Valid";
    public const string ReasonInvalidSpec = "InvalidSpec";

    public static MailServerStatus Build(StatusInputs inputs)
    {
        var errors = inputs.Issues.Where(i => i.Severity == ValidationSeverity.Error).ToList();
        var warnings = inputs.Issues.Where(i => i.Severity == ValidationSeverity.Warning).Select(i => i.ToString()).ToList();
        var conditions = errors.Count > 0 ? Invalid(errors) : ValidUnverified();

        return new MailServerStatus
        {
            ObservedGeneration = inputs.Generation,
            Position = inputs.Position,
            Conditions = Conditions.Stamp(conditions, inputs.Previous?.Conditions, inputs.Generation, inputs.Now),
            Incoming = inputs.IncomingEndpoint is null ? null : new IncomingStatus { Endpoint = inputs.IncomingEndpoint },
            Outgoing = inputs.OutgoingEndpoint is null ? null : new OutgoingStatus { Endpoint = inputs.OutgoingEndpoint },
            Warnings = warnings.Count > 0 ? warnings : null,
        };
    }

    private static IEnumerable<MailServerCondition> Invalid(IReadOnlyList<ValidationIssue> errors)
    {
        var message = string.Join("; ", errors.Select(e => e.ToString()));
        yield return Conditions.Make(ConditionTypes.Valid, false, ReasonInvalidSpec, message);
        yield return Conditions.Make(ConditionTypes.Ready, false, ReasonInvalidSpec, "the spec is invalid: " + message);
        yield return Conditions.Make(ConditionTypes.Stalled, true, ReasonInvalidSpec, "the spec is invalid; fix it to continue: " + message);
    }

    private static IEnumerable<MailServerCondition> ValidUnverified()
    {
        yield return Conditions.Make(ConditionTypes.Valid, true, ReasonValid, "the spec is valid");
        yield return Conditions.Make(ConditionTypes.Ready, true, ReasonValid, "the spec is valid; mail-server verification has not run");
    }
}
