using System.Security.Cryptography;

namespace Cluster.Edge.Auth;

/// <summary>
/// HMAC-SHA256 for nonces through per-thread instances kept for the last two keys (current and
/// previous). The one-shot <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>
/// sets up a MAC context per call, about twice the cost; under a flood of forged nonces the MAC
/// is all the work an edge does, so it is worth keeping cheap. Allocates only when a key changes.
/// </summary>
internal static class NonceMac
{
    public const int Length = 32;

    [ThreadStatic] private static byte[]? t_key0;
    [ThreadStatic] private static IncrementalHash? t_mac0;
    [ThreadStatic] private static byte[]? t_key1;
    [ThreadStatic] private static IncrementalHash? t_mac1;
    [ThreadStatic] private static bool t_replaceSlot1;

    /// <summary>Writes HMAC-SHA256(key, input) into <paramref name="destination"/> (32 bytes).</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> destination)
    {
        var mac = For(key);
        mac.AppendData(input);
        mac.GetHashAndReset(destination);
    }

    private static IncrementalHash For(ReadOnlySpan<byte> key)
    {
        // Keys are configuration, not attacker input, so an ordinary comparison is fine here.
        if (t_mac0 is not null && key.SequenceEqual(t_key0))
            return t_mac0;
        if (t_mac1 is not null && key.SequenceEqual(t_key1))
            return t_mac1;

        var created = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        if (t_replaceSlot1)
        {
            t_mac1?.Dispose();
            (t_mac1, t_key1) = (created, key.ToArray());
        }
        else
        {
            t_mac0?.Dispose();
            (t_mac0, t_key0) = (created, key.ToArray());
        }
        t_replaceSlot1 = !t_replaceSlot1;
        return created;
    }
}
