using System.Globalization;
using DnsClient.Protocol;
using MailServerOperator.Validation;

namespace MailServerOperator.Discovery;

/// <summary>
/// DNS SRV records per RFC 6186 and RFC 8314. Records are tried in priority order (lower first); among equal
/// priorities the heavier weight first, deterministically, so that the same DNS gives the same manifest (RFC 2782's
/// weighted random choice spreads many clients' load; one manifest is one choice). A lone record whose target is "."
/// means the service is not offered: it yields no candidate and no guess is made for it either. Priorities compare
/// across services (RFC 6186 section 3.4), so a domain can prefer POP3 to IMAP4.
/// </summary>
internal static class SrvDiscovery
{
    public static async Task<SrvFindings> FindAsync(MailDns dns, string domain, CancellationToken cancellationToken)
    {
        var lookups = SrvService.All.Select(async service => (service, records: await dns.SrvAsync($"{service.Label}.{domain}", cancellationToken))).ToList();
        var candidates = new List<ServerCandidate>();
        var notOffered = new List<SrvService>();
        var notes = new List<string>();
        foreach (var (service, records) in await Task.WhenAll(lookups))
        {
            var name = $"{service.Label}.{domain}";
            if (records is null or { Count: 0 })
            {
                continue;
            }

            if (records.Count == 1 && IsRoot(records[0].Target.Value))
            {
                notOffered.Add(service);
                notes.Add($"{name}: \".\" (not offered)");
                continue;
            }

            foreach (var record in Order(records).Where(r => !IsRoot(r.Target.Value)))
            {
                if (HostAddress.Problem(record.Target.Value.TrimEnd('.'), "port") is not null || record.Port == 0)
                {
                    notes.Add($"{name}: a record with an unusable target or port skipped");
                    continue;
                }

                candidates.Add(new ServerCandidate(
                    service.Kind,
                    record.Target.Value.TrimEnd('.').ToLowerInvariant(),
                    record.Port,
                    service.Tls,
                    CandidateSource.DnsSrv,
                    $"DNS SRV {name} (priority {record.Priority}, weight {record.Weight})",
                    (record.Priority * 65536) + (65535 - record.Weight)));
            }

            notes.Add($"{name}: {string.Join(", ", records.Select(r => $"{r.Target.Value.TrimEnd('.')}:{r.Port.ToString(CultureInfo.InvariantCulture)}"))}");
        }

        return new SrvFindings(candidates, notOffered, notes);
    }

    public static IEnumerable<SrvRecord> Order(IEnumerable<SrvRecord> records) =>
        records.OrderBy(r => r.Priority).ThenByDescending(r => r.Weight).ThenBy(r => r.Target.Value, StringComparer.Ordinal);

    private static bool IsRoot(string target) => target is "." or "";
}
