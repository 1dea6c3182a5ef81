using Cluster.Grains;

namespace Cluster.Edge.Hosting;

/// <summary>
/// First outgoing filter: before the client has reached any silo a call would wait in Orleans' queues, so it is
/// refused at once as unavailable; the SIP side answers 503 and the phone retries.
/// </summary>
internal sealed class ConnectedGate : IOutgoingGrainCallFilter
{
    private volatile bool _open;

    public bool IsOpen => _open;

    public void Open() => _open = true;

    // Orleans' own calls (cluster manifest, gateways) must go through: they are how the client connects.
    public Task Invoke(IOutgoingGrainCallContext context) =>
        _open || context.InterfaceMethod?.DeclaringType?.Assembly != s_grainInterfaces
            ? context.Invoke()
            : throw new GrainUnavailableException(context.TargetId.ToString(), "no silo reached yet");

    private static readonly System.Reflection.Assembly s_grainInterfaces = typeof(IClusterKeyGrain).Assembly;
}
