using System.Text.Json;
using Cluster.Admin.Output;

namespace Cluster.Admin.Commands;

/// <summary>
/// <c>calls list</c>: calls in progress as line leases per gateway; <c>calls show GATEWAY [--max N]</c>: a
/// customer's answered calls; <c>calls hangup GATEWAY CALLID</c>: end one (BYE to both sides).
/// </summary>
internal static class CallsCommand
{
    public static async Task RunAsync(CommandContext c)
    {
        var inv = c.Invocation;
        switch (inv.Verb)
        {
            case "list":
                inv.AllowFlags();
                inv.Expect(0, 0, string.Empty);
                c.Emit(await c.Silo.GetAsync("/api/calls"), j => Write(c.Out, j));
                break;
            case "show":
                inv.AllowFlags("--max");
                inv.Expect(1, 1, "GATEWAY [--max N]");
                var max = inv.IntFlag("--max", 1, 1000) ?? 100;
                c.Emit(await c.Silo.GetAsync($"/api/gateways/{CommandContext.Escape(inv.Arguments[0])}/calls?max={max}"), j => WriteAnswered(c.Out, j));
                break;
            case "hangup":
                inv.AllowFlags();
                inv.Expect(2, 2, "GATEWAY CALLID");
                c.Emit(await c.Silo.PostAsync($"/api/gateways/{CommandContext.Escape(inv.Arguments[0])}/calls/{CommandContext.Escape(inv.Arguments[1])}/hangup"),
                    j => c.Out.WriteLine($"hanging up {Fields.Text(j, "callId")} on {Fields.Text(j, "gateway")}: {Fields.Text(j, "hangup")}"));
                break;
            default:
                throw new UsageException($"calls: unknown verb '{inv.Verb}' (list, show, hangup)");
        }
    }

    private static void WriteAnswered(TextWriter o, JsonElement j)
    {
        var table = new TextTable("CALL-ID", "VENDOR", "ANSWERED AT", "TALK S", "ENDS AT", "CUSTOMER", "VENDOR ADDRESS");
        foreach (var call in Fields.Items(j))
        {
            table.Add(Fields.Text(call, "callId"), Fields.Text(call, "routing"), Fields.Text(call, "answeredAt"), Fields.Text(call, "talkSeconds"),
                Fields.Text(call, "dueAt"), Fields.Text(call, "customer"), Fields.Text(call, "vendor"));
        }

        table.WriteTo(o);
        o.WriteLine($"{table.Count} answered call(s)");
    }

    private static void Write(TextWriter o, JsonElement j)
    {
        var table = new TextTable("GATEWAY", "KIND", "LINES IN USE", "LINE LIMIT", "CPS NOW", "CPS LIMIT");
        long total = 0;
        foreach (var g in Fields.Items(j))
        {
            total += Fields.Child(g, "linesInUse").ValueKind == JsonValueKind.Number ? Fields.Child(g, "linesInUse").GetInt64() : 0;
            var error = Fields.Text(g, "liveError");
            table.Add(Fields.Text(g, "gateway"), Fields.Text(g, "kind"),
                error == Fields.None ? Fields.Text(g, "linesInUse") : "unknown", Unlimited(Fields.Text(g, "lineLimit")),
                error == Fields.None ? Fields.Text(g, "currentCps") : "unknown", Unlimited(Fields.Text(g, "cpsLimit")));
        }

        table.WriteTo(o);
        o.WriteLine($"{total} line(s) in use");
    }

    private static string Unlimited(string limit) => limit == "0" ? "unlimited" : limit;
}
