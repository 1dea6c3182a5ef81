using System.Text.Json;
using Cluster.Admin.Output;

namespace Cluster.Admin.Commands;

/// <summary><c>endpoint show USER | list [--limit N] | unsuspend USER | kick USER [CONTACT]</c>.</summary>
internal static class EndpointCommand
{
    public static async Task RunAsync(CommandContext c)
    {
        var inv = c.Invocation;
        switch (inv.Verb)
        {
            case "show":
                inv.AllowFlags();
                inv.Expect(1, 1, "USER");
                c.Emit(await c.Silo.GetAsync($"/api/endpoints/{CommandContext.Escape(inv.Arguments[0])}"), j => WriteEndpoint(c.Out, j));
                break;
            case "list":
                inv.AllowFlags("--limit");
                inv.Expect(0, 0, string.Empty);
                var limit = inv.IntFlag("--limit", 1, 1000) ?? 100;
                c.Emit(await c.Silo.GetAsync($"/api/endpoints?limit={limit}"), j => WriteList(c.Out, j));
                break;
            case "unsuspend":
                inv.AllowFlags();
                inv.Expect(1, 1, "USER");
                c.Emit(await c.Silo.PostAsync($"/api/endpoints/{CommandContext.Escape(inv.Arguments[0])}/unsuspend"),
                    j => c.Out.WriteLine($"endpoint {Fields.Text(j, "user")} unsuspended (consecutive failures {Fields.Text(j, "consecutiveFailures")})"));
                break;
            case "kick":
                inv.AllowFlags();
                inv.Expect(1, 2, "USER [CONTACT]");
                var path = $"/api/endpoints/{CommandContext.Escape(inv.Arguments[0])}/kick";
                if (inv.Arguments.Count == 2)
                {
                    path += $"?contact={CommandContext.Escape(inv.Arguments[1])}";
                }

                c.Emit(await c.Silo.PostAsync(path),
                    j => c.Out.WriteLine($"endpoint {Fields.Text(j, "user")}: {Fields.Text(j, "removed")} binding(s) removed, " +
                                         $"{Fields.Items(Fields.Child(j, "endpoint"), "bindings").Count()} left"));
                break;
            default:
                throw new UsageException($"endpoint: unknown verb '{inv.Verb}' (show, list, unsuspend, kick)");
        }
    }

    private static void WriteEndpoint(TextWriter o, JsonElement j)
    {
        Fields.WritePairs(o,
            ("user", Fields.Text(j, "user")),
            ("online", Fields.YesNo(j, "online")),
            ("suspended", Fields.Flag(j, "suspended") ? $"until {Fields.Text(j, "suspendedUntil")}" : "no"),
            ("register failures", Fields.Text(j, "consecutiveFailures")),
            ("last seen", Fields.Text(j, "lastSeen")));
        var table = new TextTable("CONTACT", "SOURCE", "EXPIRES", "USER-AGENT", "CALL-ID", "CSEQ");
        foreach (var b in Fields.Items(j, "bindings"))
        {
            table.Add(Fields.Text(b, "contact"), Fields.Text(b, "source"), Fields.Text(b, "expiresAt"),
                Fields.Text(b, "userAgent"), Fields.Text(b, "callId"), Fields.Text(b, "cSeq"));
        }

        o.WriteLine();
        if (table.Count == 0)
        {
            o.WriteLine("no bindings");
        }
        else
        {
            table.WriteTo(o);
        }
    }

    private static void WriteList(TextWriter o, JsonElement j)
    {
        var table = new TextTable("USER", "BINDINGS", "ONLINE", "SUSPENDED UNTIL", "FAILURES", "LAST SEEN", "CONTACT");
        foreach (var e in Fields.Items(j, "items"))
        {
            var bindings = Fields.Items(e, "bindings").ToList();
            table.Add(Fields.Text(e, "user"), bindings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Fields.YesNo(e, "online"),
                Fields.Text(e, "suspendedUntil"), Fields.Text(e, "consecutiveFailures"), Fields.Text(e, "lastSeen"),
                bindings.Count > 0 ? Fields.Text(bindings[0], "contact") : Fields.None);
        }

        table.WriteTo(o);
        if (Fields.Flag(j, "truncated"))
        {
            o.WriteLine($"(first {Fields.Text(j, "scanned")} endpoints; raise --limit for more)");
        }
    }
}
