using MailServerOperator.Api;

namespace MailServerOperator.Status;

internal sealed record ConditionTransition(MailServerCondition Condition, bool Warning);
