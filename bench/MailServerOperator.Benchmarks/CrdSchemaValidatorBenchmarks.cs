using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MailServerOperator.Validation;

namespace MailServerOperator.Benchmarks;

/// <summary>The schema check that the webhook and the reconciler run on every MailServer.</summary>
[MemoryDiagnoser]
public class CrdSchemaValidatorBenchmarks
{
    private const string Document = """
        {"apiVersion":"mailshare.io/v1alpha1","kind":"MailServer","metadata":{"name":"example-isp","namespace":"mail-share"},
         "spec":{"displayName":"Example ISP","order":10,
          "incoming":{"protocol":"POP3","host":"pop.example.jp","port":995,"tls":"Implicit","apop":false,"maxMessageSize":"10Mi",
                      "retention":{"leaveOnServer":false,"deleteAfterDays":7}},
          "outgoing":{"host":"smtp.example.jp","port":587,"tls":"StartTls","authentication":{"mechanism":"PLAIN","useAccountCredentials":true},
                      "maxMessageSize":"10Mi"},
          "probe":{"interval":"5m","credentialsSecretRef":{"name":"example-isp-probe"}}}}
        """;

    private JsonDocument document = null!;

    [GlobalSetup]
    public void Setup()
    {
        document = JsonDocument.Parse(Document);
        _ = CrdSchemaValidator.Validate(document.RootElement);
    }

    [GlobalCleanup]
    public void Cleanup() => document.Dispose();

    [Benchmark]
    public int ValidateValidMailServer() => CrdSchemaValidator.Validate(document.RootElement).Count;
}
