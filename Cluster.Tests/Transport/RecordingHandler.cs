using System.Net;
using System.Threading.Channels;
using Cluster.Edge.Transport;

namespace Cluster.Tests.Transport;

/// <summary>A real handler for transport tests: copies each message (the transport's buffer is reused) and
/// lets a test await the next one with a timeout; optionally replies through the message's channel.</summary>
internal sealed class RecordingHandler : IInboundMessageHandler
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Channel<ReceivedMessage> _received = Channel.CreateUnbounded<ReceivedMessage>();

    /// <summary>When set, called inside OnMessage; what it returns is sent back through the reply channel.</summary>
    public Func<ReceivedMessage, byte[]?>? Reply { get; init; }

    /// <summary>When set, called inside OnMessage before recording (e.g. to block or throw).</summary>
    public Action<ReceivedMessage>? OnEach { get; init; }

    public void OnMessage(in InboundMessage message)
    {
        var copy = new ReceivedMessage(message.Bytes.ToArray(), message.Remote, message.Channel);
        OnEach?.Invoke(copy);
        _received.Writer.TryWrite(copy);
        if (Reply?.Invoke(copy) is { } reply)
        {
            message.Channel.Send(reply, message.Remote);
        }
    }

    public async Task<ReceivedMessage> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTake(out ReceivedMessage? message) => _received.Reader.TryRead(out message);
}
