using System.Net;

namespace Cluster.Edge.Sip;

/// <summary>
/// Append-only writer over a caller's span. Running out of room sets <see cref="Overflow"/> instead of throwing,
/// so writers can build a whole message and check once at the end.
/// </summary>
internal ref struct SipSpanWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Written { get; private set; }

    public bool Overflow { get; private set; }

    /// <summary>Bytes written, or -1 when the destination was too small.</summary>
    public readonly int Result => Overflow ? -1 : Written;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (Overflow || !bytes.TryCopyTo(_destination[Written..]))
        {
            Overflow = true;
            return;
        }

        Written += bytes.Length;
    }

    public void Write(int value)
    {
        if (Overflow || !value.TryFormat(_destination[Written..], out int n, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            Overflow = true;
            return;
        }

        Written += n;
    }

    /// <summary>Writes an address without brackets (received= takes a bare IPv6address, RFC 3261 §20.42).</summary>
    public void Write(IPAddress address)
    {
        if (Overflow || !address.TryFormat(_destination[Written..], out int n))
        {
            Overflow = true;
            return;
        }

        Written += n;
    }
}
