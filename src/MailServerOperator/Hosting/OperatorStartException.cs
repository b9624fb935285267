namespace MailServerOperator.Hosting;

/// <summary>A configuration or environment the operator cannot run with; the message is the one line <c>run</c> prints.</summary>
internal sealed class OperatorStartException(string message, Exception? inner = null) : Exception(message, inner);
