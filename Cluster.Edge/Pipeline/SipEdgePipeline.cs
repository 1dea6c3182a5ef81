using System.Net;
using System.Text;
using Cluster.Edge.Configuration;
using Cluster.Edge.Metrics;
using Cluster.Edge.Sip;
using Cluster.Edge.Transactions;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Pipeline;

/// <summary>
/// A request's way through the edge: inspect (parse and RFC 3261 sanity), server transaction
/// (retransmissions answered from stored bytes), then act. Runs synchronously on the receive loop
/// that framed the message, so the per-thread message and response buffers are safe to reuse.
/// </summary>
public sealed class SipEdgePipeline : IInboundMessageHandler
{
    [ThreadStatic]
    private static SipMessage? t_message;

    [ThreadStatic]
    private static byte[]? t_response;

    private static readonly IReadOnlySet<string> s_supportedOptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    private readonly SipParserLimits _limits;
    private readonly EdgeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly int _responseBufferBytes;
    private readonly int _tagSeed = Random.Shared.Next();

    public SipEdgePipeline(EdgeSettings settings, EdgeMetrics metrics, TimeProvider time)
    {
        _limits = new SipParserLimits
        {
            MaxMessageBytes = settings.MaxMessageBytes,
            MaxHeaders = settings.MaxHeaders,
            MaxHeaderLineBytes = settings.MaxHeaderLineBytes,
        };
        _metrics = metrics;
        _time = time;
        _responseBufferBytes = settings.MaxMessageBytes + 1024;
        Transactions = new ServerTransactionStore(settings.TransactionStoreMax);
        metrics.AddGauge("sip_server_transactions", "Server transactions remembered for retransmissions.", () => Transactions.Count);
        metrics.AddGauge("sip_server_transaction_bytes", "Approximate managed bytes held by remembered server transactions.", () => Transactions.ApproximateBytes);
    }

    public ServerTransactionStore Transactions { get; }

    public void OnMessage(in InboundMessage message)
    {
        _metrics.CountReceived();
        var sip = t_message ??= new SipMessage();
        try
        {
            Handle(message, sip);
        }
        catch (Exception)
        {
            // A bug must cost one message, never the receive loop.
            _metrics.CountDrop("internal_error");
        }
        finally
        {
            sip.Reset();
        }
    }

    private void Handle(in InboundMessage message, SipMessage sip)
    {
        var framing = message.Channel.Kind == SipTransportKind.Udp ? SipFraming.Datagram : SipFraming.Stream;
        var verdict = SipInspector.Inspect(message.Bytes, framing, _limits, s_supportedOptions, sip);
        switch (verdict.Action)
        {
            case SipVerdictAction.Drop:
                _metrics.CountDrop(verdict.DropReason);
                return;

            case SipVerdictAction.Respond:
                _metrics.CountRequest(sip.MethodName);
                if (sip.Method == SipMethod.Ack)
                {
                    // An ACK is never answered, however broken (RFC 3261 §17.2.1).
                    _metrics.CountDrop("malformed_ack");
                    return;
                }

                Respond(message, sip, verdict.StatusCode, verdict.ReasonPhrase, verdict.ExtraHeaderLine is null ? default : Encoding.ASCII.GetBytes(verdict.ExtraHeaderLine + "\r\n"), default);
                return;
        }

        if (!sip.IsRequest)
        {
            // No client transactions yet: a response can only be stray or forged.
            _metrics.CountDrop("stray_response");
            return;
        }

        _metrics.CountRequest(sip.MethodName);
        ProcessRequest(message, sip);
    }

    private void ProcessRequest(in InboundMessage message, SipMessage sip)
    {
        if (!sip.TryGetTopVia(out var via))
        {
            _metrics.CountDrop("no_via");
            return;
        }

        Span<byte> key = stackalloc byte[TransactionKey.MaxLength];
        var keyLength = WriteTransactionKey(sip, via, key);
        if (keyLength < 0)
        {
            _metrics.CountDrop("transaction_key_too_long");
            return;
        }

        key = key[..keyLength];
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (sip.Method == SipMethod.Ack)
        {
            if (Transactions.AbsorbAck(key, nowMs))
            {
                _metrics.CountRetransmissionAbsorbed();
            }
            else
            {
                // An ACK for a 2xx is end-to-end; with no dialogs on this edge yet there is nobody to give it to.
                _metrics.CountDrop("ack_without_transaction");
            }

            return;
        }

        switch (Transactions.Begin(key, nowMs, out var stored))
        {
            case TransactionLookup.Completed:
                _metrics.CountRetransmissionAbsorbed();
                SendStored(message, via, stored!);
                return;

            case TransactionLookup.InProgress:
                _metrics.CountRetransmissionAbsorbed();
                if (sip.Method == SipMethod.Invite)
                {
                    Respond(message, sip, 100, "Trying", default, default);
                }

                return;
        }

        if (sip.Method == SipMethod.Invite)
        {
            Respond(message, sip, 100, "Trying", default, default);
        }

        var (code, reason, withCapabilities) = LocalAnswer.For(sip.Method);
        Span<byte> toTag = stackalloc byte[8];
        WriteToTag(key, toTag);
        var written = Respond(message, sip, code, reason, withCapabilities ? LocalAnswer.CapabilityHeaders : default, toTag);
        if (written > 0 && message.Channel.Kind == SipTransportKind.Udp)
        {
            Transactions.Complete(key, t_response.AsSpan(0, written), nowMs);
        }
        else
        {
            // Reliable transports do not retransmit: nothing to remember (Timer J = 0).
            Transactions.Forget(key);
        }
    }

    private static int WriteTransactionKey(SipMessage sip, in SipVia via, Span<byte> key)
    {
        var method = sip.Method == SipMethod.Ack ? "INVITE"u8 : sip.MethodName;
        return TransactionKey.IsRfc3261Branch(via.Branch)
            ? TransactionKey.Write(key, via.Branch, via.Host, via.Port, method)
            : TransactionKey.WriteLegacy(key, sip.RequestUri, sip.FromTag, sip.CallId, sip.TryGetCSeq(out var cseq, out _, out _) ? cseq : 0, via.Value, method);
    }

    /// <summary>A To tag derived from the transaction, so a repeated answer carries the same tag.</summary>
    private void WriteToTag(ReadOnlySpan<byte> key, Span<byte> tag)
    {
        var hash = new HashCode();
        hash.Add(_tagSeed);
        hash.AddBytes(key);
        var value = (uint)hash.ToHashCode();
        for (var i = tag.Length - 1; i >= 0; i--, value >>= 4)
        {
            tag[i] = (byte)"0123456789abcdef"[(int)(value & 0xF)];
        }
    }

    private int Respond(in InboundMessage message, SipMessage request, int code, string reason, ReadOnlySpan<byte> extraHeaders, ReadOnlySpan<byte> toTag)
    {
        var buffer = t_response ??= new byte[_responseBufferBytes];
        Span<byte> reasonBytes = stackalloc byte[64];
        var reasonLength = Encoding.ASCII.GetBytes(reason, reasonBytes);
        var written = SipResponseWriter.Write(request, code, reasonBytes[..reasonLength], message.Remote, toTag, extraHeaders, buffer);
        if (written <= 0 || !request.TryGetTopVia(out var via))
        {
            _metrics.CountDrop("response_not_writable");
            return -1;
        }

        var target = SipResponseTarget.Resolve(via, message.Remote, message.Channel.Kind);
        if (message.Channel.Send(buffer.AsSpan(0, written), target))
        {
            _metrics.CountResponse(code);
        }

        return written;
    }

    private void SendStored(in InboundMessage message, in SipVia via, byte[] stored)
    {
        var target = SipResponseTarget.Resolve(via, message.Remote, message.Channel.Kind);
        message.Channel.Send(stored, target);
    }
}
