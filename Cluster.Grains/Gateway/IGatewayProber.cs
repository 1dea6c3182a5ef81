namespace Cluster.Grains;

/// <summary>
/// The silo's OPTIONS sender, for the gateway grains' probe timers. <see cref="Probe"/> returns at once: the probe's
/// UDP round trip (up to its answer timeout) runs on the silo, not in the grain's turn, and the result comes back
/// through <see cref="IGatewayGrain.ProbeResultAsync"/>.
/// </summary>
public interface IGatewayProber
{
    /// <summary>Sends one OPTIONS to <paramref name="address"/> (host:port) and reports the answer or silence to gateway <paramref name="gateway"/>.</summary>
    void Probe(string gateway, string address);
}
