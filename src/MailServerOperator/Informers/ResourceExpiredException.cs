namespace MailServerOperator.Informers;

/// <summary>The watch's resourceVersion is too old (HTTP 410 Gone): the reflector must list again.</summary>
internal sealed class ResourceExpiredException(string message, Exception inner) : Exception(message, inner);
