using System.Buffers.Binary;

namespace Cluster.Grains;

/// <summary>
/// The durable part of a source's entry, as stored in its shard's Redis hash (<c>ip:{shard-N}</c>, field = the
/// 16-byte address key): 21 bytes little-endian — blocked until (i64 ms), reason (u8), auth failures (i32), failure
/// window end (i64 ms). Token buckets and pike counters are not stored: after a silo's death they restart full.
/// </summary>
internal static class SourceIpRecord
{
    public const int Size = 8 + 1 + 4 + 8;

    public static byte[] Pack(in SourceIpEntry s)
    {
        var b = new byte[Size];
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(0), s.BlockedUntilMs);
        b[8] = (byte)s.Reason;
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(9), s.AuthFailures);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(13), s.AuthWindowEndMs);
        return b;
    }

    /// <summary>The entry a record restores; false for a value this layout does not describe (it is dropped).</summary>
    public static bool TryUnpack(ReadOnlySpan<byte> value, out SourceIpEntry entry)
    {
        entry = default;
        if (value.Length != Size || value[8] > (byte)BlockReason.Manual)
        {
            return false;
        }

        entry = SourceIpRules.Restored(
            BinaryPrimitives.ReadInt64LittleEndian(value),
            (BlockReason)value[8],
            BinaryPrimitives.ReadInt32LittleEndian(value[9..]),
            BinaryPrimitives.ReadInt64LittleEndian(value[13..]));
        return true;
    }

    public static byte[] Field(UInt128 key)
    {
        var b = new byte[16];
        SourceAddress.Write(key, b);
        return b;
    }
}
