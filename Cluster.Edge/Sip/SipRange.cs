namespace Cluster.Edge.Sip;

/// <summary>An (offset, length) slice of a message buffer; lets the index point at bytes instead of copying them.</summary>
public readonly record struct SipRange(int Offset, int Length)
{
    public int End => Offset + Length;

    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> buffer) => buffer.Slice(Offset, Length);
}
