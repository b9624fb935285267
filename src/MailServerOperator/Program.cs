using MailServerOperator.Cli;

return await OperatorCommandLine.InvokeAsync(args);
