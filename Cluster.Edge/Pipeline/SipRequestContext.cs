using System.Buffers;
using System.Net;
using Cluster.Edge.Sip;
using Cluster.Edge.Transactions;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Pipeline;

/// <summary>
/// One new server transaction handed to an async handler: its own copy of the request bytes (the
/// receive buffer is reused at once), the parsed request, where it came from, and the way to finish it.
/// Finishing stores the final response for retransmissions (UDP) and returns the buffers to the pool.
/// </summary>
public sealed class SipRequestContext : IDisposable
{
    // Parsed-message objects carry their header index (about a kilobyte); reuse them across requests.
    private const int PooledMessages = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentQueue<SipMessage> s_messages = new();

    private readonly ResponseSender _sender;
    private readonly ServerTransactionStore _transactions;
    private readonly TimeProvider _time;
    private readonly byte[] _key;
    private readonly byte[] _bytes;
    private readonly int _responseBufferBytes;
    private bool _finished;

    internal SipRequestContext(
        in InboundMessage message,
        ReadOnlySpan<byte> transactionKey,
        SipParserLimits limits,
        ResponseSender sender,
        ServerTransactionStore transactions,
        TimeProvider time,
        int responseBufferBytes)
    {
        _sender = sender;
        _transactions = transactions;
        _time = time;
        _key = transactionKey.ToArray();
        _responseBufferBytes = responseBufferBytes;
        _bytes = ArrayPool<byte>.Shared.Rent(message.Bytes.Length);
        message.Bytes.Span.CopyTo(_bytes);
        Remote = message.Remote;
        Channel = message.Channel;
        Request = s_messages.TryDequeue(out var pooled) ? pooled : new SipMessage();
        var framing = Channel.Kind == SipTransportKind.Udp ? SipFraming.Datagram : SipFraming.Stream;

        // The bytes were already inspected on the receive loop; parsing the copy indexes it again.
        SipParser.Parse(_bytes.AsMemory(0, message.Bytes.Length), limits, framing, Request);
    }

    public SipMessage Request { get; }

    public IPEndPoint Remote { get; }

    public ISipReplyChannel Channel { get; }

    public long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Sends a provisional response (1xx); the transaction stays open.</summary>
    public void Provisional(int code, string reason)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_responseBufferBytes);
        try
        {
            _sender.Send(Channel, Remote, Request, code, reason, default, default, buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends the final response and remembers it for retransmissions.</summary>
    public void Respond(int code, string reason, ReadOnlySpan<byte> extraHeaders = default, ReadOnlySpan<byte> toTag = default)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        Span<byte> derivedTag = stackalloc byte[ToTag.Length];
        ToTag.Write(_key, derivedTag);
        var tag = toTag.IsEmpty ? derivedTag : toTag;
        var buffer = ArrayPool<byte>.Shared.Rent(_responseBufferBytes);
        try
        {
            var written = _sender.Send(Channel, Remote, Request, code, reason, extraHeaders, tag, buffer);
            if (written > 0 && Channel.Kind == SipTransportKind.Udp)
            {
                _transactions.Complete(_key, buffer.AsSpan(0, written), NowMs);
            }
            else
            {
                _transactions.Forget(_key);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Answers as a user agent with a body and extra headers (a B2BUA's copy of the other leg's response): a
    /// provisional one leaves the transaction open, a final one finishes it and is remembered for retransmissions.
    /// Returns the bytes sent (the caller retransmits a 2xx to INVITE until its ACK), or null when nothing was sent.
    /// </summary>
    public byte[]? Answer(int code, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> extraHeaders, ReadOnlySpan<byte> toTag, ReadOnlySpan<byte> body)
    {
        var bytes = BuildAnswer(code, reason, extraHeaders, toTag, body);
        if (bytes is not null)
        {
            SendAnswer(code, bytes);
        }

        return bytes;
    }

    /// <summary>The bytes of <see cref="Answer"/> without sending them (to arm a retransmission before the answer can be acknowledged).</summary>
    public byte[]? BuildAnswer(int code, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> extraHeaders, ReadOnlySpan<byte> toTag, ReadOnlySpan<byte> body)
    {
        if (_finished)
        {
            return null;
        }

        var buffer = new byte[Request.Buffer.Length + extraHeaders.Length + body.Length + reason.Length + 512];
        var written = SipResponseWriter.Write(Request, code, reason, Remote, toTag, extraHeaders, body, buffer);
        return written <= 0 ? null : buffer.AsSpan(0, written).ToArray();
    }

    /// <summary>Sends what <see cref="BuildAnswer"/> wrote; a final answer finishes the transaction.</summary>
    public void SendAnswer(int code, byte[] bytes)
    {
        if (_finished)
        {
            return;
        }

        Channel.Send(bytes, ResponseTarget);
        if (code >= 200)
        {
            _finished = true;
            if (Channel.Kind == SipTransportKind.Udp)
            {
                _transactions.Complete(_key, bytes, NowMs);
            }
            else
            {
                _transactions.Forget(_key);
            }
        }
    }

    /// <summary>Where responses to this request go (Via, received and rport, RFC 3581).</summary>
    public IPEndPoint ResponseTarget => Request.TryGetTopVia(out var via) ? SipResponseTarget.Resolve(via, Remote, Channel.Kind) : Remote;

    /// <summary>
    /// Relays a response of the next hop (a proxy's forwarded response, RFC 3261 §16.7) to <paramref name="target"/>.
    /// A final one finishes the transaction and is remembered, so a retransmitted request gets it again.
    /// </summary>
    public void Relay(ReadOnlySpan<byte> response, IPEndPoint target, bool final)
    {
        if (_finished)
        {
            return;
        }

        Channel.Send(response, target);
        if (!final)
        {
            return;
        }

        _finished = true;
        if (Channel.Kind == SipTransportKind.Udp)
        {
            _transactions.Complete(_key, response, NowMs);
        }
        else
        {
            _transactions.Forget(_key);
        }
    }

    /// <summary>
    /// Finishes without an answer (silence towards scanners and blocked sources). The transaction is
    /// kept until it expires so that retransmissions are absorbed without new work.
    /// </summary>
    public void Ignore()
    {
        if (!_finished)
        {
            _finished = true;
            _transactions.CompleteSilently(_key, NowMs);
        }
    }

    public bool IsFinished => _finished;

    public ReadOnlySpan<byte> TransactionKey => _key;

    public void Dispose()
    {
        Request.Reset();
        if (s_messages.Count < PooledMessages)
        {
            s_messages.Enqueue(Request);
        }

        ArrayPool<byte>.Shared.Return(_bytes);
    }
}
