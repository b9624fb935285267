namespace MailServerOperator.Benchmarks;

internal static class BenchmarkDocuments
{
    public const string ExampleIsp = """
        {"apiVersion":"mailshare.io/v1alpha1","kind":"MailServer","metadata":{"name":"example-isp","namespace":"mail-share","generation":3},
         "spec":{"displayName":"Example ISP","order":10,
          "incoming":{"protocol":"POP3","host":"pop.example.jp","port":995,"tls":"Implicit","apop":false,"maxMessageSize":"10Mi",
                      "retention":{"leaveOnServer":false,"deleteAfterDays":7}},
          "outgoing":{"host":"smtp.example.jp","port":587,"tls":"StartTls","authentication":{"mechanism":"PLAIN","useAccountCredentials":true},
                      "maxMessageSize":"10Mi"},
          "probe":{"interval":"5m","credentialsSecretRef":{"name":"example-isp-probe"}}}}
        """;
}
