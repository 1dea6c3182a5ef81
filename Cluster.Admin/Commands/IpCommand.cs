using System.Net;
using System.Text.Json;
using Cluster.Admin.Output;

namespace Cluster.Admin.Commands;

/// <summary><c>ip show ADDR | block ADDR [--seconds N] [--reason R] | unblock ADDR | top [--top N]</c>.</summary>
internal static class IpCommand
{
    public static async Task RunAsync(CommandContext c)
    {
        var inv = c.Invocation;
        switch (inv.Verb)
        {
            case "show":
                inv.AllowFlags();
                inv.Expect(1, 1, "ADDR");
                c.Emit(await c.Silo.GetAsync($"/api/ips/{Address(inv)}"), j => WriteSource(c.Out, j));
                break;
            case "block":
                inv.AllowFlags("--seconds", "--reason");
                inv.Expect(1, 1, "ADDR [--seconds N] [--reason TEXT]");
                var seconds = inv.IntFlag("--seconds", 1, 30 * 86_400) ?? 3600;
                var path = $"/api/ips/{Address(inv)}/block?seconds={seconds}";
                if (inv.Flag("--reason") is { } reason)
                {
                    path += $"&reason={CommandContext.Escape(reason)}";
                }

                c.Emit(await c.Silo.PostAsync(path),
                    j => c.Out.WriteLine($"blocked {Fields.Text(j, "address")} until {Fields.Text(j, "blockedUntil")}"));
                break;
            case "unblock":
                inv.AllowFlags();
                inv.Expect(1, 1, "ADDR");
                c.Emit(await c.Silo.PostAsync($"/api/ips/{Address(inv)}/unblock"),
                    j => c.Out.WriteLine($"unblocked {Fields.Text(j, "address")}"));
                break;
            case "top":
                inv.AllowFlags("--top");
                inv.Expect(0, 0, "[--top N]");
                var top = inv.IntFlag("--top", 1, 1000) ?? 20;
                c.Emit(await c.Silo.GetAsync($"/api/ips?top={top}"), j => WriteTop(c.Out, j));
                break;
            default:
                throw new UsageException($"ip: unknown verb '{inv.Verb}' (show, block, unblock, top)");
        }
    }

    // checked here so a typo is a usage error (exit 2) without a round trip
    private static string Address(CliInvocation inv) => IPAddress.TryParse(inv.Arguments[0], out var ip)
        ? CommandContext.Escape(ip.ToString())
        : throw new UsageException($"'{inv.Arguments[0]}' is not an IP address");

    private static void WriteSource(TextWriter o, JsonElement j) => Fields.WritePairs(o,
        ("address", Fields.Text(j, "address")),
        ("trusted", Fields.YesNo(j, "trusted")),
        ("blocked", Fields.Flag(j, "blocked") ? $"until {Fields.Text(j, "blockedUntil")} ({Fields.Text(j, "reason")})" : "no"),
        ("auth failures", Fields.Text(j, "authFailures")),
        ("requests this unit", Fields.Text(j, "requestsInSamplingUnit")),
        ("hot units", Fields.Text(j, "hotUnits")));

    private static void WriteTop(TextWriter o, JsonElement j)
    {
        var table = new TextTable("ADDRESS", "BLOCKED UNTIL", "REASON", "AUTH FAILURES", "REQUESTS/UNIT", "HOT UNITS");
        foreach (var s in Fields.Items(j, "items"))
        {
            var blocked = Fields.Flag(s, "blocked");
            table.Add(Fields.Text(s, "address"), blocked ? Fields.Text(s, "blockedUntil") : Fields.None, blocked ? Fields.Text(s, "reason") : Fields.None,
                Fields.Text(s, "authFailures"), Fields.Text(s, "requestsInSamplingUnit"), Fields.Text(s, "hotUnits"));
        }

        if (table.Count == 0)
        {
            o.WriteLine($"no blocked or active sources among {Fields.Text(j, "scanned")} seen");
            return;
        }

        table.WriteTo(o);
        if (Fields.Flag(j, "truncated"))
        {
            o.WriteLine($"(looked at the first {Fields.Text(j, "scanned")} sources only)");
        }
    }
}
