namespace Cluster.Silo;

/// <summary>A system parameter in the admin API; <c>Version</c> is set on a change (the provisioning version written).</summary>
internal sealed record ParameterView(string Name, string? SsName, string Value, long? Version = null)
{
    public static ParameterView Of(SystemParameterEntry e, Cluster.Grains.SystemParameters p, long? version = null) =>
        new(e.Name, e.SsName.Length > 0 ? e.SsName : null, e.Show(p), version);
}
