namespace Cluster.Edge.Hosting;

/// <summary>The edge could not start listening; the message names the address (e.g. <c>tcp:127.0.0.1:5060</c>).</summary>
public sealed class EdgeStartException(string address, Exception inner)
    : Exception($"cannot listen on {address}: {inner.Message}", inner)
{
    public string Address { get; } = address;
}
