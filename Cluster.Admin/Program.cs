using Cluster.Admin;

// Exit codes: see ExitCodes. One line on stderr for every failure.
return await AdminCli.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable(AdminCli.TokenVariable));
