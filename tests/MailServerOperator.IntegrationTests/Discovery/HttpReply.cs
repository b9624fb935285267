using System.Text;

namespace MailServerOperator.IntegrationTests.Discovery;

/// <summary>What <see cref="AutoconfigServer"/> answers to one request, including hostile behaviour.</summary>
internal sealed record HttpReply(int Status, string Body = "", string? Location = null, HttpReplyMode Mode = HttpReplyMode.Normal)
{
    public static HttpReply NotFound { get; } = new(404);

    public static HttpReply Xml(string body) => new(200, body);

    public byte[] BodyBytes => Encoding.UTF8.GetBytes(Body);
}
