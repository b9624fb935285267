using System.Net;
using k8s;
using MailServerOperator.Api;
using MailServerOperator.Verification;
using Microsoft.Extensions.Time.Testing;

namespace MailServerOperator.Tests.Verification;

public sealed class ProbeCredentialsReaderTests : IDisposable
{
    private readonly ScriptedSecrets _secrets = new();
    private readonly FakeTimeProvider _time = new();
    private readonly k8s.Kubernetes _client;
    private readonly ProbeCredentialsReader _reader;

    public ProbeCredentialsReaderTests()
    {
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.invalid" }, _secrets);
        _reader = new ProbeCredentialsReader(_client, _time);
    }

    [Fact]
    public async Task ReadAsync_LabelledSecret_CredentialsAndAStampWithoutTheValues()
    {
        _secrets.Secret("probe", "alice", "s3cret", labelled: true);

        var lookup = await ReadAsync("probe");

        Assert.Equal(("alice", "s3cret"), (lookup.Credentials!.Username, lookup.Credentials.Password));
        Assert.Null(lookup.Problem);
        Assert.DoesNotContain("s3cret", lookup.Stamp!, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", lookup.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ChangedAfterCreation_ChangedAtIsTheLatestManagedFieldsTime()
    {
        var edited = ScriptedSecrets.Created.AddDays(3);
        _secrets.Secret("edited", "alice", "s3cret", labelled: true, changedAt: edited);
        _secrets.Secret("created", "alice", "s3cret", labelled: true);

        Assert.Equal(edited, (await ReadAsync("edited")).ChangedAt);
        Assert.Equal(ScriptedSecrets.Created, (await ReadAsync("created")).ChangedAt);
    }

    [Fact]
    public async Task ReadAsync_UnlabelledOrMissing_SameWordsNoCredentials()
    {
        _secrets.Secret("basic-auth", "alice", "s3cret", labelled: false);

        var unlabelled = await ReadAsync("basic-auth");
        var missing = await ReadAsync("nothing");

        Assert.Null(unlabelled.Credentials);
        Assert.Equal(VerificationProblem.CredentialsUnavailable, unlabelled.Problem!.Reason);
        Assert.Equal(
            missing.Problem!.Message.Replace("\"nothing\"", "\"X\"", StringComparison.Ordinal),
            unlabelled.Problem.Message.Replace("\"basic-auth\"", "\"X\"", StringComparison.Ordinal));
        Assert.Contains("is not enabled for probes", unlabelled.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LabelledWithoutPassword_SaysWhichKey()
    {
        _secrets.Secret("probe", "alice", null, labelled: true);

        var lookup = await ReadAsync("probe");

        Assert.Equal("the probe Secret \"probe\" has no password key; no login was attempted", lookup.Problem!.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "CredentialsReadFailed", "the API server answered 500 InternalServerError")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "CredentialsReadFailed", "the API server answered 503 ServiceUnavailable")]
    [InlineData(HttpStatusCode.Forbidden, "CredentialsUnavailable", "the operator may not read Secrets in this namespace (RBAC")]
    public async Task ReadAsync_ApiServerRefusesOrFails_SaysWhatFailed(HttpStatusCode code, string reason, string says)
    {
        _secrets.Status("probe", code);

        var lookup = await ReadAsync("probe");

        Assert.Equal(reason, lookup.Problem!.Reason);
        Assert.Contains(says, lookup.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(code != HttpStatusCode.Forbidden, lookup.Problem.ServersUnknown);
        Assert.Equal(code == HttpStatusCode.Forbidden, lookup.Stamp is not null); // a transient failure tells nothing about the Secret
    }

    [Fact]
    public async Task ReadAsync_ApiServerSilent_TimesOutSayingSo()
    {
        _secrets.Hang("probe");
        var read = ReadAsync("probe");
        Assert.True(SpinWait.SpinUntil(() => _secrets.Reads.Count == 1, TimeSpan.FromSeconds(30)), "the read never reached the API server"); // the deadline is armed before the request

        _time.Advance(TimeSpan.FromSeconds(10)); // the deadline's default, on the injected clock
        var lookup = await read.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(VerificationProblem.CredentialsReadFailed, lookup.Problem!.Reason);
        Assert.Contains("did not answer within 10 s", lookup.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ValuesChanged_NewStamp()
    {
        _secrets.Secret("probe", "alice", "one", labelled: true);
        var before = (await ReadAsync("probe")).Stamp;
        Assert.Equal(before, (await ReadAsync("probe")).Stamp);

        _secrets.Secret("probe", "alice", "two", labelled: true);

        Assert.NotEqual(before, (await ReadAsync("probe")).Stamp);
    }

    [Fact]
    public async Task ReadAsync_NoReference_NothingRead()
    {
        var lookup = await _reader.ReadAsync("ns", null, CancellationToken.None);

        Assert.Same(CredentialsLookup.None, lookup);
        Assert.Empty(_secrets.Reads);
    }

    public void Dispose()
    {
        _client.Dispose();
        _secrets.Dispose();
    }

    private Task<CredentialsLookup> ReadAsync(string name) => _reader.ReadAsync("ns", new SecretReference { Name = name }, CancellationToken.None);
}
