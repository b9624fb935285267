namespace MailServerOperator.Kubernetes;

internal enum EventAction
{
    Drop,
    Create,
    CountUp,
}
