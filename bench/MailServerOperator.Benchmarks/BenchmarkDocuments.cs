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

    /// <summary>A server as the watch delivers it after a create: server-set metadata and managedFields included.</summary>
    public const string Created = """
        {"apiVersion":"mailshare.io/v1alpha1","kind":"MailServer","metadata":{"name":"server-0421","namespace":"bench",
          "uid":"5f0c8e2a-8d1b-4c1e-9a57-2b8f4a1d6c3e","resourceVersion":"1000","generation":1,
          "creationTimestamp":"2026-11-28T08:00:00Z",
          "managedFields":[{"manager":"e2e","operation":"Apply","apiVersion":"mailshare.io/v1alpha1","time":"2026-11-28T08:00:00Z",
            "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{".":{},"f:displayName":{},"f:order":{},"f:incoming":{".":{},"f:protocol":{},
            "f:host":{},"f:port":{}},"f:outgoing":{".":{},"f:host":{},"f:port":{}}}}}]},
         "spec":{"displayName":"Server 421","order":421,
          "incoming":{"protocol":"IMAP4","host":"imap.example.jp","port":993,"tls":"Implicit"},
          "outgoing":{"host":"smtp.example.jp","port":587,"tls":"StartTls"}}}
        """;
}
