namespace MailServerOperator.Cli;

internal enum ValidateOutputFormat
{
    Text,
    Json,
}
