using MailServerOperator.Controller;
using MailServerOperator.Informers;
using MailServerOperator.Verification;

namespace MailServerOperator.Hosting;

internal sealed class OperatorOptions
{
    /// <summary>The namespaces to manage; empty means all namespaces (and those labelled mailshare.io/managed=true).</summary>
    public IReadOnlyList<string> Namespaces { get; set; } = [];

    /// <summary>How long the caches may take to sync at start-up before the process gives up (the API server is unreachable).</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(45);

    public ControllerOptions Controller { get; set; } = new();

    public WorkQueueOptions Queue { get; set; } = new();

    public ReflectorOptions Reflector { get; set; } = new();

    public LeaderElectionOptions LeaderElection { get; set; } = new();

    public VerificationOptions Verification { get; set; } = new();
}
