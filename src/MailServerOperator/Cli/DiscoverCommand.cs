using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailServerOperator.Discovery;
using MailServerOperator.Manifests;
using MailServerOperator.Probing;
using MailServerOperator.Validation;

namespace MailServerOperator.Cli;

/// <summary>
/// <c>discover ADDRESS-OR-DOMAIN</c>: finds a provider's mail servers (catalog, autoconfig, DNS SRV, guesses), verifies
/// them with the operator's probes and prints a MailServer manifest to commit, with comments saying where each value
/// came from. Diagnostics go to standard error. Exit 0 found and verified (or a built-in serves the domain), 1 nothing
/// usable found or verified, 2 usage.
/// </summary>
internal static class DiscoverCommand
{
    public const int ExitFound = 0;
    public const int ExitNothingUsable = 1;
    public const int ExitUsage = 2;

    public static Command Create()
    {
        var target = new Argument<string>("ADDRESS-OR-DOMAIN") { Description = "An email address (alice@example.com) or a mail domain (example.com)." };
        var name = new Option<string?>("--name") { Description = "The MailServer's name (default: from the domain, example-com)." };
        var @namespace = new Option<string?>("--namespace", "-n") { Description = "The namespace written into the manifest (default: none, kubectl's current one)." };
        var dnsServer = new Option<string?>("--dns-server") { Description = "The DNS server to ask, HOST[:PORT] (default: the system's resolvers)." };
        var caBundle = new Option<string?>("--ca-bundle") { Description = "PEM file of extra certificate authorities to trust, for the mail servers and autoconfig over HTTPS." };
        var timeout = DurationOption.Create("--timeout", "Deadline of the whole discovery, lookups and verification", TimeSpan.FromSeconds(15));
        var noVerify = new Option<bool>("--no-verify") { Description = "Print the best candidates without connecting to them (the manifest says so)." };
        var autoconfigUrl = new Option<string[]>("--autoconfig-url") { Description = "An autoconfig document (config-v1.1.xml) to try first, e.g. one your organisation hosts; repeatable.", AllowMultipleArgumentsPerToken = false };
        var protocol = new Option<string?>("--protocol") { Description = "Only this incoming protocol: POP3 or IMAP4 (default: what the sources prefer, IMAP4 on a tie)." };
        var credentialsFile = new Option<string?>("--credentials-file") { Description = "YAML file with username and password (or a Secret with those keys) of a test account: each server is logged in to once, over TLS only." };
        var portMap = new Option<string[]>("--port-map") { Description = "PORT=PORT: reach a standard port at another (tests).", Hidden = true };
        var command = new Command(
            "discover",
            "Find a provider's mail servers (built-in catalog, autoconfig, DNS SRV, guesses), verify them with the operator's probes and print a " +
            "MailServer manifest to commit. Exit codes: 0 found and verified, 1 nothing usable found or verified, 2 usage.")
        {
            target, name, @namespace, dnsServer, caBundle, timeout, noVerify, autoconfigUrl, protocol, credentialsFile, portMap,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var arguments = new DiscoverArguments(
                parseResult.GetRequiredValue(target),
                parseResult.GetValue(name),
                parseResult.GetValue(@namespace),
                parseResult.GetValue(dnsServer),
                parseResult.GetValue(caBundle),
                parseResult.GetValue(timeout),
                parseResult.GetValue(noVerify),
                parseResult.GetValue(autoconfigUrl) ?? [],
                parseResult.GetValue(protocol),
                parseResult.GetValue(credentialsFile),
                parseResult.GetValue(portMap) ?? []);
            try
            {
                return await RunAsync(arguments, output, error, TimeProvider.System, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // No stack trace for any input: one line, and the exit code of "nothing usable".
                await error.WriteLineAsync($"discover: failed: {e.GetType().Name}: {MailAddress.Printable(e.Message)}");
                return ExitNothingUsable;
            }
        });
        return command;
    }

    public static async Task<int> RunAsync(DiscoverArguments arguments, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var gate = new object();
        void Diagnostic(string line)
        {
            lock (gate)
            {
                error.WriteLine($"discover: {line}");
            }
        }

        if (!TryOptions(arguments, out var address, out var options, out var trust, out var problem))
        {
            await error.WriteLineAsync($"discover: {problem}");
            return ExitUsage;
        }

        var dns = new MailDns(options.DnsServer, options.LookupTimeout / 2, Diagnostic);
        using var fetcher = new AutoconfigFetcher(dns, options.Ports, trust, options.LookupTimeout, time);
        var prober = new MailServerProber(
            new ProbeOptions
            {
                Timeout = options.ProbeTimeout,
                OperationTimeout = options.ProbeTimeout / 2,
                ExtraTrustedCertificates = trust,
                Resolver = dns.ResolveForProbeAsync,
            },
            time);
        var outcome = await new Discoverer(options, dns, fetcher, prober, Diagnostic).DiscoverAsync(address, cancellationToken);
        var commandLine = $"mailserver-operator discover {address.Domain}";
        if (outcome.BuiltIn is not null)
        {
            await output.WriteAsync(MailServerManifestWriter.WriteBuiltIn(outcome, commandLine));
            return ExitFound;
        }

        if (!outcome.Complete)
        {
            var missing = outcome.Incoming is null && outcome.Outgoing is null ? "no incoming and no outgoing server"
                : outcome.Incoming is null ? "no incoming (POP3/IMAP4) server" : "no outgoing (SMTP) server";
            Diagnostic($"nothing usable: {missing} {(options.Verify ? "was verified" : "was found")}{(outcome.TimedOut ? " before the deadline" : string.Empty)}; sources: {string.Join("; ", outcome.Sources)}");
            return ExitNothingUsable;
        }

        var manifest = MailServerManifestWriter.Write(outcome, commandLine, arguments.Name ?? MailServerManifestWriter.DefaultName(address.Domain), arguments.Namespace, time.GetUtcNow());
        if (ValidationErrors(manifest) is { Count: > 0 } errors)
        {
            Diagnostic($"the manifest found would not pass validate, so it is not printed: {string.Join("; ", errors)}");
            return ExitNothingUsable;
        }

        await output.WriteAsync(manifest);
        Diagnostic($"incoming {outcome.Incoming!.Candidate.Kind.Display()} {outcome.Incoming.Candidate.Endpoint} {outcome.Incoming.Tls}, outgoing SMTP {outcome.Outgoing!.Candidate.Endpoint} {outcome.Outgoing.Tls}" +
            (options.Verify ? " (verified)" : " (not verified)"));
        return ExitFound;
    }

    private static List<string> ValidationErrors(string manifest)
    {
        var document = ManifestReader.ReadText("discover", manifest).Documents.Single();
        return [.. MailServerValidator.Validate(document.Content).Errors.Select(e => e.ToString())];
    }

    private static bool TryOptions(DiscoverArguments arguments, out MailAddress address, out DiscoveryOptions options, out X509Certificate2Collection trust, out string problem)
    {
        options = new DiscoveryOptions();
        trust = [];
        if (!MailAddress.TryParse(arguments.Target, out address, out problem))
        {
            return false;
        }

        if (arguments.Name is { } name && KubernetesNames.SubdomainProblem(name) is { } nameProblem)
        {
            problem = $"--name: {nameProblem}";
            return false;
        }

        if (arguments.Namespace is { } ns && KubernetesNames.LabelProblem(ns) is { } namespaceProblem)
        {
            problem = $"--namespace: {namespaceProblem}";
            return false;
        }

        System.Net.IPEndPoint? dnsServer = null;
        if (arguments.DnsServer is { } server && !MailDns.TryParseServer(server, out dnsServer, out problem))
        {
            return false;
        }

        var urls = new List<Uri>();
        foreach (var text in arguments.AutoconfigUrls)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.UserInfo.Length > 0)
            {
                problem = $"--autoconfig-url: '{MailAddress.Printable(text)}' is not an http(s) URL without user data";
                return false;
            }

            urls.Add(url);
        }

        ServerKind? protocol = arguments.Protocol?.ToUpperInvariant() switch
        {
            null => null,
            "POP3" => ServerKind.Pop3,
            "IMAP4" or "IMAP" => ServerKind.Imap4,
            _ => ServerKind.Smtp,
        };
        if (protocol == ServerKind.Smtp)
        {
            problem = $"--protocol: '{MailAddress.Printable(arguments.Protocol!)}' is not POP3 or IMAP4";
            return false;
        }

        ProbeCredentials? credentials = null;
        if (arguments.CredentialsFile is { } path && !CredentialsFile.TryRead(path, out credentials, out problem))
        {
            return false;
        }

        if (!PortMap.TryParse(arguments.PortMap, out var ports, out problem))
        {
            return false;
        }

        if (arguments.CaBundle is { } bundle)
        {
            try
            {
                trust.ImportFromPemFile(bundle);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                problem = $"--ca-bundle: {bundle} cannot be read as PEM certificates ({e.GetType().Name})";
                return false;
            }

            if (trust.Count == 0)
            {
                problem = $"--ca-bundle: {bundle} holds no PEM certificate";
                return false;
            }
        }

        options = new DiscoveryOptions
        {
            Timeout = arguments.Timeout,
            DnsServer = dnsServer,
            AutoconfigUrls = urls,
            Verify = !arguments.NoVerify,
            IncomingProtocol = protocol,
            Credentials = credentials,
            Ports = ports,
        };
        return true;
    }
}
