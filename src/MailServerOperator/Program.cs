using MailServerOperator.Cli;

return await OperatorCommandLine.Build().Parse(args).InvokeAsync();
