using System.Security.Cryptography.X509Certificates;
using MailServerOperator.Certificates;
using Microsoft.Extensions.Time.Testing;
using static MailServerOperator.Tests.Certificates.CertificateTimeline;

namespace MailServerOperator.Tests.Certificates;

public sealed class CertificateRotationTests
{
    private static readonly WebhookCertificateOptions Options = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Decide_NothingStored_CreatesAuthorityAndServing()
    {
        var plan = CertificateRotation.Decide(null, Names, _time.GetUtcNow(), Options);

        Assert.True(plan is { NewAuthority: true, NewServing: true, DropPreviousAuthority: false });
    }

    [Fact]
    public void Apply_FirstCertificates_ServingNamesTheServiceAndLoopbackAndVerifiesWithTheBundle()
    {
        var now = _time.GetUtcNow();

        var certificates = CertificateRotation.Apply(null, CertificateRotation.Decide(null, Names, now, Options), Names, now, Options);

        Assert.True(Verifies(certificates.CaBundle, certificates.Serving, now));
        Assert.True(certificates.Serving.MatchesHostname("mailserver-operator-webhook.mailserver-operator-system.svc"));
        Assert.True(certificates.Serving.MatchesHostname("127.0.0.1"));
        Assert.True(Names.AreCoveredBy(certificates.Serving));
        Assert.Equal(now - Options.ClockSkew + Options.ServingLifetime, certificates.ServingExpiresAt, TimeSpan.FromSeconds(1));
        Assert.Equal(now - Options.ClockSkew + Options.AuthorityLifetime, certificates.AuthorityExpiresAt, TimeSpan.FromSeconds(1));
        Assert.Equal(1, CountCertificates(certificates.CaBundle));
        Assert.True(certificates.Authority.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.False(certificates.Serving.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(59, false)]
    [InlineData(60, true)] // two thirds of 90 days
    [InlineData(89, true)]
    [InlineData(400, true)]
    public void Decide_ServingAged_RenewedFromTwoThirdsOfItsLife(int days, bool renew)
    {
        var certificates = Create();
        _time.Advance(TimeSpan.FromDays(days));

        var plan = CertificateRotation.Decide(certificates, Names, _time.GetUtcNow(), Options);

        Assert.Equal(renew, plan.NewServing);
    }

    [Fact]
    public void Apply_ServingDue_NewServingFromTheSameAuthority()
    {
        var first = Create();
        _time.Advance(TimeSpan.FromDays(61));
        var now = _time.GetUtcNow();

        var plan = CertificateRotation.Decide(first, Names, now, Options);
        var next = CertificateRotation.Apply(first, plan, Names, now, Options);

        Assert.False(plan.NewAuthority);
        Assert.Same(first.Authority, next.Authority);
        Assert.NotEqual(first.Serving.SerialNumber, next.Serving.SerialNumber);
        Assert.True(CertificateFactory.IsIssuedBy(next.Serving, first.Authority));
        Assert.Equal(first.CaBundle, next.CaBundle);
    }

    [Fact]
    public void Decide_AuthorityDue_NewAuthorityWhileTheServingItSignedStaysAndTheOldCaStaysTrusted()
    {
        var certificates = Create();
        _time.Advance(TimeSpan.FromDays(240));
        certificates = Step(certificates); // serving renewed by the old CA on day 240
        _time.Advance(TimeSpan.FromDays(5));
        var now = _time.GetUtcNow();

        var plan = CertificateRotation.Decide(certificates, Names, now, Options);
        var next = CertificateRotation.Apply(certificates, plan, Names, now, Options);

        Assert.True(plan is { NewAuthority: true, NewServing: false });
        Assert.Same(certificates.Serving, next.Serving);
        Assert.Same(certificates.Authority, next.PreviousAuthority);
        Assert.Equal(2, CountCertificates(next.CaBundle));
        Assert.True(Verifies(next.CaBundle, next.Serving, now));
    }

    [Fact]
    public void Decide_MissingName_RenewsServing()
    {
        var certificates = Create();
        var otherService = ServingNames.ForService("renamed-webhook", "mailserver-operator-system");

        var plan = CertificateRotation.Decide(certificates, otherService, _time.GetUtcNow(), Options);

        Assert.True(plan is { NewServing: true, NewAuthority: false });
    }

    [Fact]
    public void Decide_ServingFromAnotherAuthority_RenewsServing()
    {
        var ours = Create();
        var foreign = CertificateRotation.Apply(null, CertificateRotation.Decide(null, Names, _time.GetUtcNow(), Options), Names, _time.GetUtcNow(), Options);

        var plan = CertificateRotation.Decide(ours with { Serving = foreign.Serving }, Names, _time.GetUtcNow(), Options);

        Assert.True(plan is { NewServing: true, NewAuthority: false });
        Assert.Contains("not signed by a CA in the caBundle", plan.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_FreshCertificates_Keep()
    {
        var certificates = Create();
        _time.Advance(TimeSpan.FromDays(30));

        Assert.False(CertificateRotation.Decide(certificates, Names, _time.GetUtcNow(), Options).HasChanges);
    }

    /// <summary>
    /// Two years, one check a day: the serving certificate is always valid and trusted by the caBundle published the
    /// day before (the apiserver knows a CA before it meets a certificate signed by it), at most two CAs are trusted, and
    /// both certificates are renewed on schedule.
    /// </summary>
    [Fact]
    public void Decide_TwoYearsOfDailyChecks_ServingAlwaysTrustedByTheBundlePublishedBefore()
    {
        var certificates = Create();
        var publishedBefore = certificates.CaBundle;
        var servingRenewals = new List<int>();
        var authorityRenewals = new List<int>();
        for (var day = 1; day <= 730; day++)
        {
            _time.Advance(TimeSpan.FromDays(1));
            var now = _time.GetUtcNow();
            var plan = CertificateRotation.Decide(certificates, Names, now, Options);
            certificates = CertificateRotation.Apply(certificates, plan, Names, now, Options);
            if (plan.NewServing)
            {
                servingRenewals.Add(day);
            }

            if (plan.NewAuthority)
            {
                authorityRenewals.Add(day);
            }

            Assert.True(Verifies(publishedBefore, certificates.Serving, now), $"day {day}: the serving certificate is not trusted by yesterday's caBundle");
            Assert.True(Verifies(certificates.CaBundle, certificates.Serving, now), $"day {day}: the serving certificate is not trusted by today's caBundle");
            Assert.InRange(CountCertificates(certificates.CaBundle), 1, 2);
            publishedBefore = certificates.CaBundle;
        }

        Assert.Equal([244, 488], authorityRenewals); // 2/3 of 365 days after each CA was made
        Assert.All(servingRenewals.Zip(servingRenewals.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, 1, 60));
        Assert.Equal(60, servingRenewals[0]);
    }

    private WebhookCertificates Create()
    {
        var now = _time.GetUtcNow();
        return CertificateRotation.Apply(null, CertificateRotation.Decide(null, Names, now, Options), Names, now, Options);
    }

    private WebhookCertificates Step(WebhookCertificates current)
    {
        var now = _time.GetUtcNow();
        return CertificateRotation.Apply(current, CertificateRotation.Decide(current, Names, now, Options), Names, now, Options);
    }
}
