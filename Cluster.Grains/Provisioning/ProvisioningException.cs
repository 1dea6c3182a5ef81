namespace Cluster.Grains.Provisioning;

/// <summary>
/// A provisioning file that cannot be used. The message names the key path and the line,
/// e.g. <c>routing_gateways[1].priority: expected integer 0-100 (line 57)</c>.
/// </summary>
public sealed class ProvisioningException : Exception
{
    public ProvisioningException(string path, string problem, int line, Exception? inner = null)
        : base(line > 0 ? $"{path}: {problem} (line {line})" : $"{path}: {problem}", inner)
    {
        KeyPath = path;
        Line = line;
    }

    /// <summary>Dotted key path with list indexes, e.g. <c>mapping_gateways[0].auth</c>.</summary>
    public string KeyPath { get; }

    /// <summary>1-based line in the file; 0 when not known.</summary>
    public int Line { get; }
}
