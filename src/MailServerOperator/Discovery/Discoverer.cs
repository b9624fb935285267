using System.Collections.Concurrent;
using MailServerOperator.Probing;
using MailServerOperator.Validation;

namespace MailServerOperator.Discovery;

/// <summary>
/// Finds and verifies a domain's mail servers. The sources, in precedence order: the catalog, autoconfig, DNS SRV,
/// guesses. Their lookups start together and are each bounded; their candidates are verified source by source (a
/// source's candidates in parallel) until both an incoming and an outgoing server with TLS are chosen, all within
/// <see cref="DiscoveryOptions.Timeout"/>. Never throws but for <c>cancellationToken</c>.
/// </summary>
internal sealed class Discoverer(DiscoveryOptions options, MailDns dns, AutoconfigFetcher fetcher, IMailServerProber prober, Action<string> diagnostic)
{
    public async Task<DiscoveryOutcome> DiscoverAsync(MailAddress address, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;
        var domain = address.Domain;
        var sources = new List<string>();
        var selection = new ServerSelection(options.IncomingProtocol);
        string? displayName = null;
        var timedOut = false;
        try
        {
            if (ProviderCatalog.ForDomain(domain) is { BuiltIn: { } builtIn } known)
            {
                return BuiltIn(address, known, builtIn, $"catalog: {domain} is {known.Provider}");
            }

            var autoconfig = FindAutoconfigAsync(address, token);
            var srv = SrvDiscovery.FindAsync(dns, domain, token);
            var mx = dns.MxAsync(domain, token);
            var mxHosts = (await mx).Select(r => r.Exchange.Value.TrimEnd('.').ToLowerInvariant()).Where(h => h.Length > 0 && HostAddress.Problem(h, "port") is null).ToList();
            var entry = ProviderCatalog.ForDomain(domain);
            if (entry is null && mxHosts.Select(h => (Host: h, Entry: ProviderCatalog.ForMxHost(h))).FirstOrDefault(m => m.Entry is not null) is { Entry: { } hosted } byMx)
            {
                if (hosted.BuiltIn is { } hostedBuiltIn)
                {
                    return BuiltIn(address, hosted, hostedBuiltIn, $"catalog: the MX host {byMx.Host} is {hosted.Provider}'s");
                }

                entry = hosted;
            }

            if (entry is null)
            {
                sources.Add($"catalog: no entry for {domain}");
            }
            else
            {
                sources.Add($"catalog: {entry.Provider} ({entry.Reference})");
                displayName = entry.Provider;
                await VerifyAsync("catalog", domain, [.. entry.Servers.Select((s, i) => new ServerCandidate(s.Kind, s.Host, s.Port, s.Tls, CandidateSource.Catalog, $"catalog: {entry.Provider}", i))], selection, token);
            }

            var document = await autoconfig;
            sources.Add(document is null ? "autoconfig: no document found" : $"autoconfig: {document.Candidates[0].Origin} ({document.Candidates.Count} servers)");
            if (document is not null)
            {
                displayName ??= document.DisplayName;
                await VerifyAsync("autoconfig", domain, document.Candidates, selection, token);
            }

            var srvFindings = await srv;
            sources.Add(srvFindings.Notes.Count == 0 ? "DNS SRV: no records" : $"DNS SRV: {string.Join("; ", srvFindings.Notes)}");
            await VerifyAsync("DNS SRV", domain, srvFindings.Candidates, selection, token);

            if (selection.Done)
            {
                sources.Add("guesses: not needed");
            }
            else
            {
                var guesses = await ResolvableAsync(GuessedCandidates.For(domain, mxHosts, srvFindings.NotOffered).Where(selection.Wants).ToList(), token);
                sources.Add($"guesses: {guesses.Select(g => g.Host).Distinct().Count()} common or MX host names resolve" + (mxHosts.Count > 0 ? $" (MX: {string.Join(", ", mxHosts)})" : " (no MX)"));
                await VerifyAsync("guesses", domain, guesses, selection, token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
            diagnostic($"the discovery reached its deadline ({ProbeText.Duration(options.Timeout)}, --timeout); it reports what was verified by then");
        }
        finally
        {
            // Lookups not awaited (after a built-in or the deadline) stop now.
            await linked.CancelAsync();
        }

        return new DiscoveryOutcome(address, null, displayName, selection.Incoming, selection.Outgoing, sources, timedOut);
    }

    private DiscoveryOutcome BuiltIn(MailAddress address, CatalogEntry entry, string builtIn, string source)
    {
        diagnostic($"{source}: the built-in MailServer \"{builtIn}\" serves it");
        return new DiscoveryOutcome(address, builtIn, entry.Provider, null, null, [source], false);
    }

    /// <summary>Verifies (or, with --no-verify, just takes) the candidates of one source that could still improve the selection.</summary>
    private async Task VerifyAsync(string source, string domain, IReadOnlyList<ServerCandidate> candidates, ServerSelection selection, CancellationToken cancellationToken)
    {
        var wanted = candidates
            .Select(c => c with { Port = options.Ports[c.Port] })
            .Where(selection.Wants)
            .DistinctBy(c => (c.Kind, c.Host, c.Port, c.Tls))
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        if (!options.Verify)
        {
            selection.Offer([.. wanted.Select(c => new VerifiedServer(c, c.Tls, false, "not verified (--no-verify)", []))]);
            return;
        }

        diagnostic($"{source}: verifying {string.Join(", ", wanted)}");
        var verifier = new CandidateVerifier(prober, options.Credentials, domain, diagnostic);
        var verified = new ConcurrentBag<VerifiedServer>();
        try
        {
            await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (candidate, token) =>
            {
                if (await verifier.VerifyAsync(candidate, token) is { } server)
                {
                    verified.Add(server);
                }
            });
        }
        finally
        {
            // At the deadline too: what was verified by then counts.
            selection.Offer(verified);
        }
    }

    private async Task<IReadOnlyList<ServerCandidate>> ResolvableAsync(IReadOnlyList<ServerCandidate> candidates, CancellationToken cancellationToken)
    {
        var hosts = candidates.Select(c => c.Host).Distinct(StringComparer.Ordinal).ToList();
        var resolved = await Task.WhenAll(hosts.Select(async host => (host, addresses: await dns.AddressesAsync(host, cancellationToken))));
        var resolvable = resolved.Where(r => r.addresses.Length > 0).Select(r => r.host).ToHashSet(StringComparer.Ordinal);
        return [.. candidates.Where(c => resolvable.Contains(c.Host))];
    }

    /// <summary>The first document, in <see cref="AutoconfigLocations"/> order, that names a usable server; all are fetched at once.</summary>
    private async Task<AutoconfigResult?> FindAutoconfigAsync(MailAddress address, CancellationToken cancellationToken)
    {
        var locations = AutoconfigLocations.For(address, options.AutoconfigUrls);
        var results = await Task.WhenAll(locations.Select(url => fetcher.FetchAsync(url, address.Domain, cancellationToken)));
        AutoconfigResult? found = null;
        for (var i = 0; i < locations.Count; i++)
        {
            var result = results[i];
            var where = AutoconfigLocations.Display(locations[i]);
            if (result.Failure is { } failure)
            {
                diagnostic($"autoconfig {where}: {failure}");
                continue;
            }

            foreach (var note in result.Notes)
            {
                diagnostic($"autoconfig {where}: {note}");
            }

            if (result.Candidates.Count == 0)
            {
                diagnostic($"autoconfig {where}: no usable server");
            }
            else if (found is null)
            {
                found = result;
            }
        }

        return found;
    }
}
