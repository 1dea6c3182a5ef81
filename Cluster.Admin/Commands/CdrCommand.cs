using System.Globalization;
using System.Text;
using System.Text.Json;
using Cluster.Admin.Output;

namespace Cluster.Admin.Commands;

/// <summary>
/// <c>cdr list [--gateway G] [--since T] [--until T] [--max N] [--json|--csv]</c>: call detail records from the
/// silo's <c>GET /api/cdrs</c>, newest first. <c>--csv</c> prints what the silo formats with the CDR files' own
/// formatter (<c>format=csv</c>), byte for byte, so <c>cdr list --csv &gt; x.csv</c> opens in a spreadsheet.
/// </summary>
internal static class CdrCommand
{
    public const int MaxCap = 10_000;

    public static async Task RunAsync(CommandContext c)
    {
        var inv = c.Invocation;
        switch (inv.Verb)
        {
            case "list":
                inv.AllowFlags("--gateway", "--since", "--until", "--max");
                inv.Expect(0, 0, "[--gateway G] [--since T] [--until T] [--max N] [--json|--csv]");
                var path = Path(inv);
                if (inv.Csv)
                {
                    c.Out.Write(await c.Silo.GetTextAsync(path + "&format=csv"));
                    break;
                }

                c.Emit(await c.Silo.GetAsync(path), j => WriteList(c.Out, j));
                break;
            default:
                throw new UsageException($"cdr: unknown verb '{inv.Verb}' (list)");
        }
    }

    // since/until go to the silo as typed: it parses them and names the one it cannot read (400, exit 2)
    private static string Path(CliInvocation inv)
    {
        var path = new StringBuilder("/api/cdrs?max=").Append((inv.IntFlag("--max", 1, MaxCap) ?? 100).ToString(CultureInfo.InvariantCulture));
        foreach (var (flag, parameter) in (ReadOnlySpan<(string, string)>)[("--gateway", "gateway"), ("--since", "since"), ("--until", "until")])
        {
            if (inv.Flag(flag) is { } value)
            {
                path.Append('&').Append(parameter).Append('=').Append(CommandContext.Escape(value));
            }
        }

        return path.ToString();
    }

    private static void WriteList(TextWriter o, JsonElement j)
    {
        var table = new TextTable("ENDED AT", "CALL-ID", "CUSTOMER", "VENDOR", "CALLER", "CALLEE", "STATUS", "RINGING S", "BILLABLE S", "RELEASED BY");
        foreach (var r in Fields.Items(j, "items"))
        {
            table.Add(Time(r, "ended_at_ms"), Fields.Text(r, "call_id"), Fields.Text(r, "customer"), Fields.Text(r, "vendor"),
                Fields.Text(r, "caller_number"), Fields.Text(r, "callee_dialled"), Fields.Text(r, "status"),
                Fields.Text(r, "ringing_s"), Fields.Text(r, "billable_s"), Fields.Text(r, "released_by"));
        }

        table.WriteTo(o);
        var gateway = Fields.Text(j, "gateway") is var g && g != Fields.None ? $" of {g}" : string.Empty;
        o.WriteLine($"{table.Count} CDR(s){gateway} stored {Fields.Text(j, "since")} to {Fields.Text(j, "until")}, newest first");
        if (Fields.Flag(j, "truncated"))
        {
            o.WriteLine("(more may match: narrow --since/--until or raise --max)");
        }
    }

    private static string Time(JsonElement e, string name) =>
        Fields.Child(e, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var ms) && ms > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : Fields.None;
}
