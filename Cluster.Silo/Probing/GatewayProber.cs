using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Cluster.Grains;

namespace Cluster.Silo.Probing;

/// <summary>
/// The silo's OPTIONS online check (VOS3000's "OPTIONS online check"), started by each routing gateway grain's timer
/// at its <c>options_interval_s</c>: one OPTIONS from the silo's probe socket, an answer awaited for at most
/// <see cref="AnswerTimeout"/> here rather than in the grain's turn, and the answer or silence fed back to the gateway
/// grain, which takes it offline after consecutive misses and back after consecutive answers. Only the gateway's
/// one activation starts probes, so with several silos each gateway is probed once per interval.
/// </summary>
internal sealed class GatewayProber : IGatewayProber, IDisposable
{
    /// <summary>How long a probe waits for an answer before it counts as a miss.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(2);

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<GatewayProber> _log;
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Any, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    public GatewayProber(IGrainFactory grains, TimeProvider time, ILogger<GatewayProber> log)
    {
        (_grains, _time, _log) = (grains, time, log);
        _ = ReceiveAsync(_stop.Token);
    }

    public void Probe(string gateway, string address)
    {
        if (IPEndPoint.TryParse(address, out var target))
        {
            _ = ProbeAsync(gateway, target);
        }
    }

    private async Task ProbeAsync(string name, IPEndPoint address)
    {
        var callId = Guid.NewGuid().ToString("N");
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[callId] = answered;
        var started = _time.GetTimestamp();
        var ok = false;
        try
        {
            var local = SiloSignalling.LocalEndPointTowards(_socket, address);
            await _socket.SendAsync(OptionsProbe.Request(address, local, callId), address).ConfigureAwait(false);
            await answered.Task.WaitAsync(AnswerTimeout, _time).ConfigureAwait(false);
            ok = true;
        }
        catch (Exception e) when (e is TimeoutException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _waiting.TryRemove(callId, out _);
        }

        try
        {
            var verdict = await _grains.GetGrain<IGatewayGrain>(name).ProbeResultAsync(ok, _time.GetElapsedTime(started), _time.GetUtcNow()).ConfigureAwait(false);
            if (verdict.Changed)
            {
                _log.LogWarning("routing gateway {Gateway} is now {State} ({Failures} missed, {Successes} answered probes in a row)",
                    name, verdict.Online ? "online" : "offline", verdict.ConsecutiveFailures, verdict.ConsecutiveSuccesses);
            }
        }
        catch (Exception e) when (e is GrainUnavailableException or TimeoutException or OrleansException)
        {
            _log.LogWarning("probe of {Gateway} not recorded: {Message}", name, e.Message);
        }
    }

    private async Task ReceiveAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var result = await _socket.ReceiveAsync(stop).ConfigureAwait(false);
                if (OptionsProbe.AnsweredCallId(result.Buffer) is { } callId && _waiting.TryGetValue(callId, out var waiting))
                {
                    waiting.TrySetResult();
                }
            }
            catch (SocketException)
            {
                // ICMP port unreachable from a dead gateway surfaces here; its probe times out as a miss.
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
