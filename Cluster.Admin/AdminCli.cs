using Cluster.Admin.Commands;

namespace Cluster.Admin;

/// <summary>Entry point as a function (testable in-process): parse, dispatch, map failures to exit codes.</summary>
internal static class AdminCli
{
    /// <summary>Where the bearer token comes from when --token is not given (the silo reads the same variable).</summary>
    public const string TokenVariable = "CLUSTER_ADMIN_TOKEN";

    public const string Usage =
        """
        usage: Cluster.Admin [--silo URL] [--token T] [--json] [--timeout S] NOUN VERB [ARGS]

          endpoint show USER                  bindings, suspension, last seen
          endpoint list [--limit N]           endpoints with grain state (default 100, max 1000)
          endpoint unsuspend USER             lift a registration-failure suspension
          endpoint kick USER [CONTACT]        remove one binding, or all of them
          ip show ADDR                        a source's block, auth failures, request rate
          ip block ADDR [--seconds N] [--reason TEXT]
                                              blacklist a source on every edge (default 3600 s)
          ip unblock ADDR                     lift a block on every edge
          ip top [--top N]                    blocked and most active or failing sources (default 20)
          gateway list                        all gateways with lines, CPS, ASR, ACD, online
          gateway show NAME                   provisioning and online view of one gateway
          gateway stats NAME                  online view only
          params get [NAME]                   system parameters (readable or SS_* names)
          params set NAME VALUE               change one cluster-wide; edges refresh at once
          calls list [--gateway G] [--max N]  live calls (state, gateways, numbers, seconds, both legs' addresses)
          calls show CALLID                   one live call
          calls show GATEWAY [--max N]        answered calls of a customer, soonest to end first
          calls hangup CALLID                 end an answered call (BYE to both sides from an edge)
          calls lines                         lines in use per gateway
          cdr list [--gateway G] [--since T] [--until T] [--max N] [--csv]
                                              call detail records, newest first (default: the last hour,
                                              100, max 10000); T is ISO 8601 or Unix ms; --csv prints the
                                              CDR files' columns (RFC 4180)

          --silo URL     admin API of a silo (default http://127.0.0.1:8080)
          --token T      bearer token (default: env CLUSTER_ADMIN_TOKEN)
          --json         print the silo's JSON instead of tables
          --csv          cdr list only: CSV (header and rows) instead of a table
          --timeout S    seconds to wait for the silo (default 10)

        exit codes: 0 ok, 1 silo error (503: its Redis is away), 2 bad usage or input,
                    3 not found, 4 silo unreachable, 5 refused (token or allowlist)
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, string? environmentToken)
    {
        CliInvocation? invocation;
        try
        {
            invocation = AdminCommandLine.Parse(args, environmentToken);
        }
        catch (UsageException e)
        {
            error.WriteLine($"Cluster.Admin: {e.Message} (see --help)");
            return ExitCodes.Usage;
        }

        if (invocation is null)
        {
            output.WriteLine(Usage);
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }

        using var silo = new SiloClient(invocation.Silo, invocation.Token, invocation.Timeout);
        var context = new CommandContext(invocation, silo, output);
        try
        {
            if (invocation.Csv && invocation is not { Noun: "cdr", Verb: "list" })
            {
                throw new UsageException($"{invocation.Noun} {invocation.Verb}: --csv is only for cdr list");
            }

            await (invocation.Noun switch
            {
                "endpoint" => EndpointCommand.RunAsync(context),
                "ip" => IpCommand.RunAsync(context),
                "gateway" => GatewayCommand.RunAsync(context),
                "params" => ParamsCommand.RunAsync(context),
                "calls" => CallsCommand.RunAsync(context),
                "cdr" => CdrCommand.RunAsync(context),
                _ => throw new UsageException($"unknown noun '{invocation.Noun}' (endpoint, ip, gateway, params, calls, cdr)"),
            });
            return ExitCodes.Ok;
        }
        catch (UsageException e)
        {
            error.WriteLine($"Cluster.Admin: {e.Message} (see --help)");
            return ExitCodes.Usage;
        }
        catch (ApiException e)
        {
            error.WriteLine($"Cluster.Admin: {e.Message} ({(int)e.Status})");
            return e.ExitCode;
        }
        catch (SiloUnreachableException e)
        {
            error.WriteLine($"Cluster.Admin: {e.Message}");
            return ExitCodes.Unreachable;
        }
    }
}
