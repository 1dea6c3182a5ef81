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
    /// <summary>Layout '&lt;ddddddi4i4i4i8i8i4Bi8', see source_ip.lua.</summary>
    public const int SourceIpSize = (6 * 8) + (3 * 4) + (2 * 8) + 4 + 1 + 8;

    private static readonly ConditionalWeakTable<SourceIpPolicy, byte[]> SourceIpCache = new();

    public static byte[] For(SourceIpPolicy p) => SourceIpCache.GetValue(p, Pack);

    private static byte[] Pack(SourceIpPolicy p)
    {
        var b = new byte[SourceIpSize];
        var s = b.AsSpan();
        BinaryPrimitives.WriteDoubleLittleEndian(s[0..], p.AllSip.Enabled ? p.AllSip.RatePerSecond : 0);
        BinaryPrimitives.WriteDoubleLittleEndian(s[8..], p.AllSip.Burst);
        BinaryPrimitives.WriteDoubleLittleEndian(s[16..], p.Register.Enabled ? p.Register.RatePerSecond : 0);
        BinaryPrimitives.WriteDoubleLittleEndian(s[24..], p.Register.Burst);
        BinaryPrimitives.WriteDoubleLittleEndian(s[32..], p.Invite.Enabled ? p.Invite.RatePerSecond : 0);
        BinaryPrimitives.WriteDoubleLittleEndian(s[40..], p.Invite.Burst);
        BinaryPrimitives.WriteInt32LittleEndian(s[48..], (int)Math.Max(1, p.PikeSamplingUnit.TotalMilliseconds));
        BinaryPrimitives.WriteInt32LittleEndian(s[52..], p.PikeDensity);
        BinaryPrimitives.WriteInt32LittleEndian(s[56..], p.PikeHotUnits);
        BinaryPrimitives.WriteInt64LittleEndian(s[60..], (long)p.BlockTime.TotalMilliseconds);
        BinaryPrimitives.WriteInt64LittleEndian(s[68..], (long)p.IdleExpiry.TotalMilliseconds);
        BinaryPrimitives.WriteInt32LittleEndian(s[76..], p.AuthenticationMaxRetry);
        s[80] = p.AuthenticationFailedSuspend ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(s[81..], (long)p.AuthFailureWindow.TotalMilliseconds);
        return b;
    }
}
