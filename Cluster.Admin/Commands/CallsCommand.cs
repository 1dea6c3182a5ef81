using System.Text.Json;
using Cluster.Admin.Output;

namespace Cluster.Admin.Commands;

/// <summary>
/// <c>calls list [--gateway G] [--max N]</c>: live calls from their call grains (both legs' gateways, numbers, state,
/// durations); <c>calls show CALLID</c>: one call (<c>calls show GATEWAY</c>: a customer's answered calls);
/// <c>calls hangup CALLID</c>: end one (BYE to both sides, from an edge); <c>calls lines</c>: line leases per gateway.
/// </summary>
internal static class CallsCommand
{
    public static async Task RunAsync(CommandContext c)
    {
        var inv = c.Invocation;
        switch (inv.Verb)
        {
            case "list":
                inv.AllowFlags("--gateway", "--max");
                inv.Expect(0, 0, "[--gateway G] [--max N]");
                var listed = inv.IntFlag("--max", 1, 1000) ?? 100;
                var gateway = inv.Flag("--gateway") is { } g ? $"&gateway={CommandContext.Escape(g)}" : string.Empty;
                c.Emit(await c.Silo.GetAsync($"/api/calls/live?max={listed}{gateway}"), j => WriteLive(c.Out, j));
                break;
            case "lines":
                inv.AllowFlags();
                inv.Expect(0, 0, string.Empty);
                c.Emit(await c.Silo.GetAsync("/api/calls"), j => Write(c.Out, j));
                break;
            case "show" when inv.Arguments.Count == 1 && IsCallId(inv.Arguments[0]):
                inv.AllowFlags();
                c.Emit(await c.Silo.GetAsync($"/api/calls/{inv.Arguments[0]}"), j => WriteLive(c.Out, j));
                break;
            case "hangup" when inv.Arguments.Count == 1:
                inv.AllowFlags();
                c.Emit(await c.Silo.PostAsync($"/api/calls/{CommandContext.Escape(inv.Arguments[0])}/hangup"),
                    j => c.Out.WriteLine($"hanging up {Fields.Text(j, "callId")}: {Fields.Text(j, "hangup")}"));
                break;
            case "show":
                inv.AllowFlags("--max");
                inv.Expect(1, 1, "CALLID | GATEWAY [--max N]");
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
                throw new UsageException($"calls: unknown verb '{inv.Verb}' (list, show, hangup, lines)");
        }
    }

    private static bool IsCallId(string text) => text.Length == 24 && text.All(char.IsAsciiHexDigitLower);

    private static void WriteLive(TextWriter o, JsonElement j)
    {
        var table = new TextTable("CALL", "STATE", "CUSTOMER", "VENDOR", "CALLER", "DIALLED", "SENT", "SECONDS", "CUSTOMER ADDRESS", "VENDOR ADDRESS");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var call in j.ValueKind == JsonValueKind.Array ? Fields.Items(j) : [j])
        {
            var answered = Fields.Child(call, "answeredAtMs").ValueKind == JsonValueKind.Number ? Fields.Child(call, "answeredAtMs").GetInt64() : 0;
            var invited = Fields.Child(call, "inviteAtMs").ValueKind == JsonValueKind.Number ? Fields.Child(call, "inviteAtMs").GetInt64() : now;
            var seconds = ((now - (answered > 0 ? answered : invited)) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            table.Add(Fields.Text(call, "callId"), Fields.Text(call, "state"), Fields.Text(call, "customer"), Fields.Text(call, "vendor"),
                Fields.Text(call, "callerNumber"), Fields.Text(call, "calleeDialled"), Fields.Text(call, "calleeSent"), seconds,
                Fields.Text(call, "customerAddress"), Fields.Text(call, "vendorAddress"));
        }

        table.WriteTo(o);
        o.WriteLine($"{table.Count} live call(s) (seconds: talking since the answer, else ringing since the INVITE)");
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
