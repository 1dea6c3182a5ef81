using System.Net;
using Cluster.Grains.Hosting;

namespace Cluster.Grains;

/// <summary>
/// <see cref="IClusterGrains"/> whose grains run as Lua turns on Redis. Owns the connection.
/// </summary>
public sealed class RedisGrainFactory : IClusterGrains, IDisposable
{
    private GrainPolicy _policy;

    public RedisGrainFactory(GrainHostClient host, GrainPolicy? policy = null)
    {
        Host = host;
        _policy = policy ?? GrainPolicy.Defaults;
    }

    public GrainHostClient Host { get; }

    /// <summary>The rules in force; set it to apply new provisioning from the next call on.</summary>
    public GrainPolicy Policy
    {
        get => Volatile.Read(ref _policy);
        set => Volatile.Write(ref _policy, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public static RedisGrainFactory Connect(string configuration, GrainPolicy? policy = null, GrainClientOptions? options = null) =>
        new(GrainHostClient.Connect(configuration, options), policy);

    public ISourceIpGrain GetSourceIpGrain(IPAddress address) => throw MovedToOrleans();

    public IEndpointGrain GetEndpointGrain(string user) => throw MovedToOrleans();

    public IGatewayGrain GetGatewayGrain(string name) => throw MovedToOrleans();

    public ISystemParametersGrain GetSystemParametersGrain() => throw MovedToOrleans();

    public IClusterKeyGrain GetClusterKeyGrain() => throw MovedToOrleans();

    public INonceGrain GetNonceGrain(string nonce) => throw MovedToOrleans();

    private static NotSupportedException MovedToOrleans() => new("this grain kind runs on Orleans: use ClusterGrains");

    public void Dispose() => Host.Dispose();
}
