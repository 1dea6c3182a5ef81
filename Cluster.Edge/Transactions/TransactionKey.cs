using System.Buffers.Text;

namespace Cluster.Edge.Transactions;

/// <summary>
/// The bytes that identify a server transaction (RFC 3261 §17.2.3): the top Via's branch and sent-by,
/// and the method, with ACK matching the INVITE it acknowledges. Requests from pre-3261 clients
/// (branch without the magic cookie) are keyed by Call-ID, CSeq, From tag and the whole top Via instead.
/// </summary>
public static class TransactionKey
{
    /// <summary>Upper bound for a key; longer identifying fields are refused rather than truncated.</summary>
    public const int MaxLength = 512;

    private static ReadOnlySpan<byte> MagicCookie => "z9hG4bK"u8;

    public static bool IsRfc3261Branch(ReadOnlySpan<byte> branch) =>
        branch.Length > MagicCookie.Length && branch.StartsWith(MagicCookie);

    /// <summary>
    /// Writes the RFC 3261 key. <paramref name="method"/> is the request method; pass "INVITE" for an ACK
    /// so that it finds the INVITE transaction. Returns the length written, or -1 when it does not fit.
    /// </summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> branch, ReadOnlySpan<byte> sentByHost, int sentByPort, ReadOnlySpan<byte> method)
    {
        var writer = new KeyWriter(destination);
        writer.Append(branch);
        writer.Append((byte)'|');
        writer.Append(sentByHost);
        writer.Append((byte)':');
        writer.AppendNumber(sentByPort);
        writer.Append((byte)'|');
        writer.Append(method);
        return writer.Length;
    }

    /// <summary>The pre-RFC 3261 key (§17.2.3, last paragraph): Request-URI, From tag, Call-ID, CSeq number, top Via, method.</summary>
    public static int WriteLegacy(Span<byte> destination, ReadOnlySpan<byte> requestUri, ReadOnlySpan<byte> fromTag, ReadOnlySpan<byte> callId, uint cseq, ReadOnlySpan<byte> topVia, ReadOnlySpan<byte> method)
    {
        var writer = new KeyWriter(destination);
        writer.Append("2543|"u8);
        writer.Append(requestUri);
        writer.Append((byte)'|');
        writer.Append(fromTag);
        writer.Append((byte)'|');
        writer.Append(callId);
        writer.Append((byte)'|');
        writer.AppendNumber(cseq);
        writer.Append((byte)'|');
        writer.Append(topVia);
        writer.Append((byte)'|');
        writer.Append(method);
        return writer.Length;
    }

    private ref struct KeyWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;
        private int _length;
        private bool _overflow;

        public readonly int Length => _overflow ? -1 : _length;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (_overflow || !bytes.TryCopyTo(_destination[_length..]))
            {
                _overflow = true;
                return;
            }

            _length += bytes.Length;
        }

        public void Append(byte b)
        {
            if (_overflow || _length >= _destination.Length)
            {
                _overflow = true;
                return;
            }

            _destination[_length++] = b;
        }

        public void AppendNumber(long value)
        {
            if (_overflow || !Utf8Formatter.TryFormat(value, _destination[_length..], out var written))
            {
                _overflow = true;
                return;
            }

            _length += written;
        }
    }
}
