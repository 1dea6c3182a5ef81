using System.Text.Json;
using Cluster.Admin.Output;

namespace Cluster.Admin.Commands;

/// <summary><c>gateway list | show NAME | stats NAME</c>: provisioning and the online view (lines, CPS, ASR/ACD).</summary>
internal static class GatewayCommand
{
    public static async Task RunAsync(CommandContext c)
    {
        var inv = c.Invocation;
        inv.AllowFlags();
        switch (inv.Verb)
        {
            case "list":
                inv.Expect(0, 0, string.Empty);
                c.Emit(await c.Silo.GetAsync("/api/gateways"), j => WriteList(c.Out, j));
                break;
            case "show":
                inv.Expect(1, 1, "NAME");
                c.Emit(await c.Silo.GetAsync($"/api/gateways/{CommandContext.Escape(inv.Arguments[0])}"), j => WriteGateway(c.Out, j));
                break;
            case "stats":
                inv.Expect(1, 1, "NAME");
                var gateway = await c.Silo.GetAsync($"/api/gateways/{CommandContext.Escape(inv.Arguments[0])}");
                var live = Fields.Child(gateway, "live");
                if (live.ValueKind != JsonValueKind.Object)
                {
                    throw new ApiException(System.Net.HttpStatusCode.ServiceUnavailable, $"gateway {inv.Arguments[0]}: live view unavailable: {Fields.Text(gateway, "liveError")}");
                }

                c.Emit(live, j => WriteStats(c.Out, gateway, j));
                break;
            default:
                throw new UsageException($"gateway: unknown verb '{inv.Verb}' (list, show, stats)");
        }
    }

    private static void WriteList(TextWriter o, JsonElement j)
    {
        var table = new TextTable("NAME", "KIND", "ADDRESS", "LINES", "CPS", "ASR", "ACD S", "ONLINE");
        foreach (var g in Fields.Items(j))
        {
            var live = Fields.Child(g, "live");
            var address = Fields.Text(g, "kind") == "routing" ? Fields.Text(g, "address") : $"{Fields.Text(g, "auth")} {(Fields.Text(g, "auth") == "registration" ? Fields.Text(g, "account") : Fields.Text(g, "ip"))}";
            table.Add(Fields.Text(g, "name"), Fields.Text(g, "kind"), address,
                $"{Fields.Text(live, "linesInUse")}/{Limit(g, "lineLimit")}", $"{Fields.Text(live, "currentCps")}/{Limit(g, "cpsLimit")}",
                Fields.Text(live, "asr"), Fields.Text(live, "acdSeconds"), live.ValueKind == JsonValueKind.Object ? Fields.YesNo(live, "online") : "unknown");
        }

        table.WriteTo(o);
    }

    private static void WriteGateway(TextWriter o, JsonElement g)
    {
        Fields.WritePairs(o,
            ("name", Fields.Text(g, "name")),
            ("kind", Fields.Text(g, "kind")),
            ("auth", Fields.Text(g, "auth")),
            ("ip", Fields.Text(g, "ip")),
            ("port", Fields.Text(g, "port")),
            ("address", Fields.Text(g, "address")),
            ("prefixes", Fields.Text(g, "prefixes")),
            ("priority", Fields.Text(g, "priority")),
            ("account", Fields.Text(g, "account")),
            ("strip digits", Fields.Text(g, "stripDigits")),
            ("add prefix", Fields.Text(g, "addPrefix")),
            ("line limit", Limit(g, "lineLimit")),
            ("cps limit", Limit(g, "cpsLimit")),
            ("max call duration s", Fields.Text(g, "maxCallDurationS")));
        o.WriteLine();
        WriteStats(o, g, Fields.Child(g, "live"));
    }

    private static void WriteStats(TextWriter o, JsonElement g, JsonElement live)
    {
        if (live.ValueKind != JsonValueKind.Object)
        {
            o.WriteLine($"live view unavailable: {Fields.Text(g, "liveError")}");
            return;
        }

        Fields.WritePairs(o,
            ("lines in use", $"{Fields.Text(live, "linesInUse")} of {Limit(g, "lineLimit")}"),
            ("cps now", $"{Fields.Text(live, "currentCps")} of {Limit(g, "cpsLimit")}"),
            ("attempts", Fields.Text(live, "attempts")),
            ("answered", Fields.Text(live, "answered")),
            ("asr", Fields.Text(live, "asr")),
            ("acd s", Fields.Text(live, "acdSeconds")),
            ("online", Fields.YesNo(live, "online")),
            ("last probe", Fields.Text(live, "lastProbe")),
            ("last probe rtt ms", Fields.Text(live, "lastProbeRttMs")));
    }

    private static string Limit(JsonElement g, string name) => Fields.Text(g, name) is "0" ? "unlimited" : Fields.Text(g, name);
}
