using System.Text.Json;
using Cluster.Admin.Output;

namespace Cluster.Admin.Commands;

/// <summary><c>calls list</c>: calls in progress as line leases per gateway.</summary>
internal static class CallsCommand
{
    public static async Task RunAsync(CommandContext c)
    {
        var inv = c.Invocation;
        inv.AllowFlags();
        if (inv.Verb != "list")
        {
            throw new UsageException($"calls: unknown verb '{inv.Verb}' (list)");
        }

        inv.Expect(0, 0, string.Empty);
        c.Emit(await c.Silo.GetAsync("/api/calls"), j => Write(c.Out, j));
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
