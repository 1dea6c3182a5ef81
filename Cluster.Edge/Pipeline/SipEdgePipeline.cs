using System.Text;
using Cluster.Edge.Configuration;
using Cluster.Edge.Defense;
using Cluster.Edge.Metrics;
using Cluster.Edge.Sip;
using Cluster.Edge.Transactions;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Pipeline;

/// <summary>
/// A request's way through the edge: inspect (parse and RFC 3261 sanity), server transaction
/// (retransmissions answered from stored bytes), then act: a registered async handler for its method
/// (registrar, call path), or a local answer. The synchronous part runs on the receive loop that framed
/// the message, so the per-thread message and response buffers are safe to reuse.
/// </summary>
public sealed class SipEdgePipeline : IInboundMessageHandler
{
    /// <summary>Async transactions in flight per edge before new ones are shed with 503.</summary>
    public const int DefaultMaxInFlight = 20_000;

    [ThreadStatic]
    private static SipMessage? t_message;

    [ThreadStatic]
    private static byte[]? t_response;

    private static readonly IReadOnlySet<string> s_supportedOptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    private readonly SipParserLimits _limits;
    private readonly EdgeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ResponseSender _sender;
    private readonly int _responseBufferBytes;
    private readonly ISipRequestHandler?[] _handlers = new ISipRequestHandler?[Enum.GetValues<SipMethod>().Length];
    private int _inFlight;
    private ISipMessageSink? _responses;
    private ISipMessageSink? _unmatchedAcks;

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
        _sender = new ResponseSender(metrics);
        _responseBufferBytes = settings.MaxMessageBytes + 1024;
        Transactions = new ServerTransactionStore(settings.TransactionStoreMax);
        metrics.AddGauge("sip_server_transactions", "Server transactions remembered for retransmissions.", () => Transactions.Count);
        metrics.AddGauge("sip_server_transaction_bytes", "Approximate managed bytes held by remembered server transactions.", () => Transactions.ApproximateBytes);
        metrics.AddGauge("sip_transactions_in_flight", "Server transactions waiting on grains.", () => Volatile.Read(ref _inFlight));
    }

    public ServerTransactionStore Transactions { get; }

    /// <summary>Per-source defence run before any work on a request (scanners, floods, blocks, silence); null: none.</summary>
    public SourceGuard? Guard { get; set; }

    /// <summary>Told of a handler's exception (a bug: the request got 500); the host logs it, at most once a second.</summary>
    public Action<Exception>? HandlerFault { get; set; }

    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    /// <summary>Routes new transactions of <paramref name="method"/> to <paramref name="handler"/> instead of the local answer.</summary>
    public void Handle(SipMethod method, ISipRequestHandler handler) => _handlers[(int)method] = handler;

    /// <summary>Sends every well-formed response to <paramref name="sink"/> (the call path's client transactions).</summary>
    public void HandleResponses(ISipMessageSink sink) => _responses = sink;

    /// <summary>Sends ACKs that match no server transaction (ACKs for 2xx) to <paramref name="sink"/>.</summary>
    public void HandleUnmatchedAcks(ISipMessageSink sink) => _unmatchedAcks = sink;

    public void OnMessage(in InboundMessage message)
    {
        _metrics.CountReceived();
        var sip = t_message ??= new SipMessage();
        try
        {
            Inspect(message, sip);
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

    private void Inspect(in InboundMessage message, SipMessage sip)
    {
        var framing = message.Channel.Kind == SipTransportKind.Udp ? SipFraming.Datagram : SipFraming.Stream;
        var verdict = SipInspector.Inspect(message.Bytes, framing, _limits, s_supportedOptions, sip);
        if (verdict.Action != SipVerdictAction.Drop && sip.IsRequest && Guard is { } guard)
        {
            var guarded = guard.Check(message.Remote.Address, sip, _time.GetUtcNow().ToUnixTimeMilliseconds());
            if (guarded.Action != GuardAction.Pass)
            {
                // Before any other answer: scanners and floods learn nothing, not even a 400.
                var answered = guarded.Action == GuardAction.Refuse && sip.Method != SipMethod.Ack && verdict.Action == SipVerdictAction.Process;
                _metrics.CountRefusalOrDrop(guarded.Reason, answered);
                if (answered)
                {
                    _sender.Send(message.Channel, message.Remote, sip, 403, "Forbidden", default, default, ResponseBuffer);
                }

                return;
            }
        }

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

                var extra = verdict.ExtraHeaderLine is null ? default : Encoding.ASCII.GetBytes(verdict.ExtraHeaderLine + "\r\n");
                _sender.Send(message.Channel, message.Remote, sip, verdict.StatusCode, verdict.ReasonPhrase, extra, default, ResponseBuffer);
                return;
        }

        if (!sip.IsRequest)
        {
            if (_responses is { } responses)
            {
                responses.Accept(message, sip);
                return;
            }

            // No client transactions on this edge: a response can only be stray or forged.
            _metrics.CountDrop("stray_response");
            return;
        }

        _metrics.CountRequest(sip.MethodName);
        ProcessRequest(message, sip);
    }

    private byte[] ResponseBuffer => t_response ??= new byte[_responseBufferBytes];

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
            else if (_unmatchedAcks is { } acks)
            {
                acks.Accept(message, sip);
            }
            else
            {
                // An ACK for a 2xx is end-to-end; without a call path there is nobody to give it to.
                _metrics.CountDrop("ack_without_transaction");
            }

            return;
        }

        switch (Transactions.Begin(key, nowMs, out var stored))
        {
            case TransactionLookup.Completed:
                _metrics.CountRetransmissionAbsorbed();
                if (stored!.Length > 0)
                {
                    _sender.Resend(message.Channel, message.Remote, via, stored);
                }

                return;

            case TransactionLookup.InProgress:
                _metrics.CountRetransmissionAbsorbed();
                if (sip.Method == SipMethod.Invite)
                {
                    _sender.Send(message.Channel, message.Remote, sip, 100, "Trying", default, default, ResponseBuffer);
                }

                return;
        }

        if (sip.Method == SipMethod.Invite)
        {
            _sender.Send(message.Channel, message.Remote, sip, 100, "Trying", default, default, ResponseBuffer);
        }

        if (_handlers[(int)sip.Method] is { } handler)
        {
            if (!handler.TryAnswerAtOnce(sip, message.Remote.Address, nowMs, out var immediate))
            {
                Dispatch(handler, message, key);
            }
            else if (immediate.Silent)
            {
                Transactions.CompleteSilently(key, nowMs);
            }
            else
            {
                AnswerFinal(message, sip, key, immediate.StatusCode, immediate.Reason, immediate.ExtraHeaders, nowMs);
            }

            return;
        }

        var (code, reason, withCapabilities) = LocalAnswer.For(sip.Method);
        AnswerFinal(message, sip, key, code, reason, withCapabilities ? LocalAnswer.CapabilityHeaders : default, nowMs);
    }

    /// <summary>Sends a final response from the receive loop and remembers it for retransmissions.</summary>
    private void AnswerFinal(in InboundMessage message, SipMessage sip, ReadOnlySpan<byte> key, int code, string reason, ReadOnlySpan<byte> extraHeaders, long nowMs)
    {
        Span<byte> toTag = stackalloc byte[ToTag.Length];
        ToTag.Write(key, toTag);
        var written = _sender.Send(message.Channel, message.Remote, sip, code, reason, extraHeaders, toTag, ResponseBuffer);
        if (written > 0 && message.Channel.Kind == SipTransportKind.Udp)
        {
            Transactions.Complete(key, ResponseBuffer.AsSpan(0, written), nowMs);
        }
        else
        {
            // Reliable transports do not retransmit: nothing to remember (Timer J = 0).
            Transactions.Forget(key);
        }
    }

    private void Dispatch(ISipRequestHandler handler, in InboundMessage message, ReadOnlySpan<byte> key)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        if (inFlight > MaxInFlight / 2 && Guard is { } guard && !guard.IsPrivileged(message.Remote.Address, _time.GetUtcNow().ToUnixTimeMilliseconds()))
        {
            // Half the grain budget is kept for registered endpoints, gateways and trusted networks:
            // under overload, strangers are shed first (silently, so they cannot tell why).
            Interlocked.Decrement(ref _inFlight);
            _metrics.CountDrop("overload_shed_stranger");
            Transactions.CompleteSilently(key, _time.GetUtcNow().ToUnixTimeMilliseconds());
            return;
        }

        var context = new SipRequestContext(message, key, _limits, _sender, Transactions, _time, _responseBufferBytes);
        if (inFlight > MaxInFlight)
        {
            // Grains are slower than the flood: shed with 503 rather than queue without bound.
            Interlocked.Decrement(ref _inFlight);
            _metrics.CountRefusal("overload_in_flight");
            context.Respond(503, "Service Unavailable", "Retry-After: 5\r\n"u8);
            context.Dispose();
            return;
        }

        _ = RunAsync(handler, context);
    }

    private async Task RunAsync(ISipRequestHandler handler, SipRequestContext context)
    {
        try
        {
            await handler.HandleAsync(context).ConfigureAwait(false);
            if (!context.IsFinished)
            {
                context.Respond(500, "Server Internal Error");
            }
        }
        catch (Exception e)
        {
            _metrics.CountRefusal("handler_error");
            HandlerFault?.Invoke(e);
            context.Respond(500, "Server Internal Error");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            context.Dispose();
        }
    }

    private static int WriteTransactionKey(SipMessage sip, in SipVia via, Span<byte> key)
    {
        var method = sip.Method == SipMethod.Ack ? "INVITE"u8 : sip.MethodName;
        return TransactionKey.IsRfc3261Branch(via.Branch)
            ? TransactionKey.Write(key, via.Branch, via.Host, via.Port, method)
            : TransactionKey.WriteLegacy(key, sip.RequestUri, sip.FromTag, sip.CallId, sip.TryGetCSeq(out var cseq, out _, out _) ? cseq : 0, via.Value, method);
    }
}
