using System.Text.Json;
using Cluster.Admin.Output;

namespace Cluster.Admin.Commands;

/// <summary>
/// <c>params get [NAME] | set NAME VALUE</c>. NAME is a readable name (<c>endpoint_register_retry</c>)
/// or the VOS3000 one (<c>SS_ENDPOINTREGISTERRETRY</c>); switches take on/off.
/// </summary>
internal static class ParamsCommand
{
    public static async Task RunAsync(CommandContext c)
    {
        var inv = c.Invocation;
        inv.AllowFlags();
        switch (inv.Verb)
        {
            case "get" when inv.Arguments.Count == 0:
                c.Emit(await c.Silo.GetAsync("/api/params"), j => WriteAll(c.Out, j));
                break;
            case "get":
                inv.Expect(0, 1, "[NAME]");
                c.Emit(await c.Silo.GetAsync($"/api/params/{CommandContext.Escape(inv.Arguments[0])}"), j => WriteOne(c.Out, j));
                break;
            case "set":
                inv.Expect(2, 2, "NAME VALUE");
                c.Emit(await c.Silo.PutJsonAsync($"/api/params/{CommandContext.Escape(inv.Arguments[0])}", new { value = inv.Arguments[1] }),
                    j => c.Out.WriteLine($"{Label(j)} = {Fields.Text(j, "value")} (provisioning version {Fields.Text(j, "version")}, edges refresh now)"));
                break;
            default:
                throw new UsageException($"params: unknown verb '{inv.Verb}' (get, set)");
        }
    }

    private static void WriteAll(TextWriter o, JsonElement j)
    {
        var table = new TextTable("NAME", "VOS3000", "VALUE");
        foreach (var p in Fields.Items(j))
        {
            table.Add(Fields.Text(p, "name"), Fields.Text(p, "ssName"), Fields.Text(p, "value"));
        }

        table.WriteTo(o);
    }

    private static void WriteOne(TextWriter o, JsonElement j) => o.WriteLine($"{Label(j)} = {Fields.Text(j, "value")}");

    private static string Label(JsonElement j) =>
        Fields.Text(j, "ssName") is { } ss && ss != Fields.None ? $"{Fields.Text(j, "name")} ({ss})" : Fields.Text(j, "name");
}
