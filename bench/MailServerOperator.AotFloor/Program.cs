using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using k8s;

// aot-floor run --kubeconfig K --namespace NS ... --health-probe-bind-address http://HOST:PORT (the operator's options;
// the others are ignored): a paged list (500 a page) of NS's MailServers into a map, then a watch from the list's
// resourceVersion; /readyz answers 200 once the list is complete. FLOOR_ASPNET=1 serves /readyz with Kestrel (a slim
// WebApplication, as the operator has), otherwise with a raw socket (the floor without ASP.NET Core).
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal) && !args[i].Contains('=', StringComparison.Ordinal))
    {
        options[args[i]] = args[++i];
    }
}

var bind = new Uri(options["--health-probe-bind-address"]);
var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
_ = Environment.GetEnvironmentVariable("FLOOR_ASPNET") == "1" ? KestrelAsync(bind, synced.Task) : SocketAsync(bind, synced.Task);
using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(options["--kubeconfig"]));
var @namespace = options["--namespace"];
var store = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
string? resourceVersion = null;
while (true)
{
    try
    {
        resourceVersion ??= await ListAsync(client, @namespace, store);
        synced.TrySetResult();
        resourceVersion = await WatchAsync(client, @namespace, resourceVersion, store);
    }
    catch (Exception ex) when (ex is HttpRequestException or IOException or k8s.Autorest.HttpOperationException)
    {
        Console.WriteLine($"watch failed: {ex.Message}");
        resourceVersion = null;
        await Task.Delay(1000);
    }
}

// A paged list (500 a page) into a fresh map; returns the list's resourceVersion.
static async Task<string> ListAsync(k8s.Kubernetes client, string @namespace, Dictionary<string, JsonElement> store)
{
    store.Clear();
    string? next = null, resourceVersion = null;
    do
    {
        var page = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(
            "mailshare.io", "v1alpha1", @namespace, "mailservers", continueParameter: next, limit: 500);
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            store[item.GetProperty("metadata").GetProperty("name").GetString()!] = item.Clone();
        }

        var metadata = page.GetProperty("metadata");
        resourceVersion ??= metadata.GetProperty("resourceVersion").GetString();
        next = metadata.TryGetProperty("continue", out var token) && token.GetString() is { Length: > 0 } more ? more : null;
    }
    while (next is not null);

    Console.WriteLine($"synced {store.Count}");
    Console.WriteLine($"Listed mailservers: {store.Count}");
    return resourceVersion!;
}

// KubernetesClient.Aot has no watch helper: the watch is a raw GET on the client's own HttpClient, one event a line.
// Returns the last resourceVersion seen when the API server ends the watch; an ERROR event (410 Gone) throws, to list again.
static async Task<string> WatchAsync(k8s.Kubernetes client, string @namespace, string resourceVersion, Dictionary<string, JsonElement> store)
{
    var baseUri = client.BaseUri.AbsoluteUri.TrimEnd('/');
    using var request = new HttpRequestMessage(HttpMethod.Get,
        $"{baseUri}/apis/mailshare.io/v1alpha1/namespaces/{@namespace}/mailservers?watch=true&allowWatchBookmarks=true&resourceVersion={resourceVersion}");
    if (client.Credentials is { } credentials)
    {
        await credentials.ProcessHttpRequestAsync(request, CancellationToken.None);
    }

    using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
    while (await lines.ReadLineAsync() is { } line)
    {
        using var document = JsonDocument.Parse(line);
        var type = document.RootElement.GetProperty("type").GetString();
        var element = document.RootElement.GetProperty("object").Clone();
        if (type == "ERROR")
        {
            throw new IOException($"watch error: {element}");
        }

        var metadata = element.GetProperty("metadata");
        resourceVersion = metadata.GetProperty("resourceVersion").GetString()!;
        if (type == "DELETED")
        {
            store.Remove(metadata.GetProperty("name").GetString()!);
        }
        else if (type != "BOOKMARK")
        {
            store[metadata.GetProperty("name").GetString()!] = element;
        }
    }

    return resourceVersion;
}


static async Task KestrelAsync(Uri bind, Task synced)
{
    var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls(bind.GetLeftPart(UriPartial.Authority));
    var app = builder.Build();
    app.MapGet("/readyz", () => synced.IsCompleted ? Results.Text("ok") : Results.StatusCode(503));
    await app.RunAsync();
}

static async Task SocketAsync(Uri bind, Task synced)
{
    using var listener = new TcpListener(IPAddress.Parse(bind.Host), bind.Port);
    listener.Start();
    while (true)
    {
        using var connection = await listener.AcceptTcpClientAsync();
        await using var stream = connection.GetStream();
        var buffer = new byte[4096];
        _ = await stream.ReadAsync(buffer);
        var reply = synced.IsCompleted ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok" : "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply));
    }
}
