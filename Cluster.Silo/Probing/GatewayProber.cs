using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Cluster.Grains;
using Cluster.Grains.Hosting;

namespace Cluster.Silo.Probing;

/// <summary>
/// The silo's OPTIONS online check: every routing gateway is probed at its <c>options_interval_s</c>
/// (0 turns it off), and each answer or silence is fed to its gateway grain, which takes it offline
/// after consecutive misses and back after consecutive answers; routing skips offline gateways.
/// Runs under a Redis lock, so with several silos one probes.
/// </summary>
internal sealed class GatewayProber(
    IClusterGrains factory,
    RedisGrainFactory redisTurns,
    SiloState state,
    TimeProvider time,
    ILogger<GatewayProber> log) : BackgroundService
{
    /// <summary>How long a probe waits for an answer before it counts as a miss.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(2);

    private readonly ReminderLock _lock = new(redisTurns.Host, "reminder:gateway-probe");
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Any, 0));
        _ = ReceiveAsync(socket, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await _lock.TryHoldAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false))
                {
                    ProbeDue(socket);
                }
            }
            catch (GrainUnavailableException e)
            {
                log.LogWarning("gateway probes paused, grain host unavailable: {Message}", e.Message);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void ProbeDue(UdpClient socket)
    {
        var now = time.GetUtcNow();
        foreach (var gateway in state.Provisioning.RoutingGateways)
        {
            if (gateway.OptionsIntervalSeconds <= 0 || !IPEndPoint.TryParse(gateway.Address, out var address))
            {
                continue;
            }

            if (!_due.TryGetValue(gateway.Name, out var due))
            {
                // The first probe goes out one interval after start: a silo restart does not burst probes.
                _due[gateway.Name] = now.AddSeconds(gateway.OptionsIntervalSeconds);
                continue;
            }

            if (due > now)
            {
                continue;
            }

            _due[gateway.Name] = now.AddSeconds(gateway.OptionsIntervalSeconds);
            _ = ProbeAsync(socket, gateway.Name, address);
        }
    }

    private async Task ProbeAsync(UdpClient socket, string name, IPEndPoint address)
    {
        var callId = Guid.NewGuid().ToString("N");
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[callId] = answered;
        var started = time.GetTimestamp();
        var ok = false;
        try
        {
            var local = SiloSignalling.LocalEndPointTowards(socket, address);
            await socket.SendAsync(OptionsProbe.Request(address, local, callId), address).ConfigureAwait(false);
            await answered.Task.WaitAsync(AnswerTimeout, time).ConfigureAwait(false);
            ok = true;
        }
        catch (Exception e) when (e is TimeoutException or SocketException)
        {
        }
        finally
        {
            _waiting.TryRemove(callId, out _);
        }

        try
        {
            var verdict = await factory.GetGatewayGrain(name).ProbeResultAsync(ok, time.GetElapsedTime(started), time.GetUtcNow()).ConfigureAwait(false);
            if (verdict.Changed)
            {
                log.LogWarning("routing gateway {Gateway} is now {State} ({Failures} missed, {Successes} answered probes in a row)",
                    name, verdict.Online ? "online" : "offline", verdict.ConsecutiveFailures, verdict.ConsecutiveSuccesses);
            }
        }
        catch (GrainUnavailableException e)
        {
            log.LogWarning("probe of {Gateway} not recorded: {Message}", name, e.Message);
        }
    }

    private async Task ReceiveAsync(UdpClient socket, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var result = await socket.ReceiveAsync(stop).ConfigureAwait(false);
                if (OptionsProbe.AnsweredCallId(result.Buffer) is { } callId && _waiting.TryGetValue(callId, out var waiting))
                {
                    waiting.TrySetResult();
                }
            }
            catch (SocketException)
            {
                // ICMP port unreachable from a dead gateway surfaces here; its probe times out as a miss.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
