using System.Text.Json;

namespace Cluster.Admin.Commands;

/// <summary>What a command needs: the invocation, the silo client and where to write.</summary>
internal sealed class CommandContext(CliInvocation invocation, SiloClient silo, TextWriter output)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public CliInvocation Invocation { get; } = invocation;

    public SiloClient Silo { get; } = silo;

    public TextWriter Out { get; } = output;

    /// <summary>Prints the silo's JSON as is (<c>--json</c>) or the human view of it.</summary>
    public void Emit(JsonElement json, Action<JsonElement> human)
    {
        if (Invocation.Json)
        {
            Out.WriteLine(JsonSerializer.Serialize(json, Indented));
        }
        else
        {
            human(json);
        }
    }

    public static string Escape(string segment) => Uri.EscapeDataString(segment);
}
