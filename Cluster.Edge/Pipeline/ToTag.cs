namespace Cluster.Edge.Pipeline;

/// <summary>
/// The To tag of our final responses, derived from the transaction key with a per-process seed:
/// a repeated answer to one transaction carries the same tag, and tags cannot be predicted from outside.
/// </summary>
public static class ToTag
{
    public const int Length = 8;

    private static readonly int s_seed = Random.Shared.Next();

    public static void Write(ReadOnlySpan<byte> transactionKey, Span<byte> tag)
    {
        var hash = new HashCode();
        hash.Add(s_seed);
        hash.AddBytes(transactionKey);
        var value = (uint)hash.ToHashCode();
        for (var i = tag.Length - 1; i >= 0; i--, value >>= 4)
        {
            tag[i] = (byte)"0123456789abcdef"[(int)(value & 0xF)];
        }
    }
}
