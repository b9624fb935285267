using MailServerOperator.Api;

namespace MailServerOperator.Validation;

/// <summary>
/// The address of one server as written (<see cref="Host"/>, <see cref="Port"/>, <see cref="Tls"/>) and the effective values
/// the rules judge. <see cref="Path"/> is the server's field path, such as <c>spec.incoming</c>.
/// </summary>
internal sealed record ServerEndpoint(string Path, string? Host, int? Port, TlsMode? Tls, TlsMode EffectiveTls, int? EffectivePort);
