using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Cluster.Grains.Hosting;

/// <summary>
/// Limits travel to a turn as one little-endian binary argument that Lua reads with a single
/// struct.unpack: every extra EVALSHA argument costs Redis a string allocation per call, which
/// at a dozen arguments was a third of a turn. Packed once per policy snapshot.
/// </summary>
internal static class PolicyBlobs
{
    /// <summary>Layout '&lt;di4i4i8', see gateway.lua.</summary>
    public const int GatewaySize = 8 + 4 + 4 + 8;

    private static readonly ConditionalWeakTable<GatewayLimits, byte[]> GatewayCache = new();

    public static byte[] For(GatewayLimits l) => GatewayCache.GetValue(l, Pack);

    private static byte[] Pack(GatewayLimits l)
    {
        var b = new byte[GatewaySize];
        var s = b.AsSpan();
        BinaryPrimitives.WriteDoubleLittleEndian(s[0..], l.CpsLimit);
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], l.EffectiveCpsBurst);
        BinaryPrimitives.WriteInt32LittleEndian(s[12..], l.LineLimit);
        BinaryPrimitives.WriteInt64LittleEndian(s[16..], (long)l.LeaseTime.TotalMilliseconds);
        return b;
    }
}
