using MailServerOperator.Controller;
using MailServerOperator.Informers;
using MailServerOperator.Verification;

namespace MailServerOperator.Hosting;

internal sealed class OperatorOptions
{
    /// <summary>The namespaces to manage; empty means all namespaces (and those labelled mailshare.io/managed=true).</summary>
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    public ControllerOptions Controller { get; set; } = new();

    public WorkQueueOptions Queue { get; set; } = new();

    public ReflectorOptions Reflector { get; set; } = new();

    public LeaderElectionOptions LeaderElection { get; set; } = new();

    public VerificationOptions Verification { get; set; } = new();
}
