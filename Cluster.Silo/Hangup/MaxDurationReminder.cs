using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Cluster.Grains;
using Cluster.Grains.Hosting;

namespace Cluster.Silo.Hangup;

/// <summary>
/// Ends answered calls at their maximum duration (VOS3000's conversation limitation, the lower of the mapping
/// and routing gateway's <c>max_call_duration_s</c>): every second it claims the overdue calls of each mapping
/// gateway grain, sends BYE to both parties from the silo's own socket and releases both gateways' lines with
/// the talk time, so ACD counts it. The edge that carried the call plays no part, so a call is ended even if
/// that edge is gone. Runs under a Redis lock: with several silos one hangs up. A silo that dies mid hang-up
/// leaves the claimed calls to come due again.
/// </summary>
internal sealed class MaxDurationReminder(
    IClusterGrains factory,
    RedisGrainFactory redisTurns,
    SiloState state,
    TimeProvider time,
    ILogger<MaxDurationReminder> log) : BackgroundService
{
    /// <summary>How often overdue calls are looked for: a call runs at most this much past its limit.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed call waits before another tick may claim it again.</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromSeconds(30);

    /// <summary>A BYE is retransmitted doubling from T1 (RFC 3261 Timer E), four sends over 7.5 s; the answer is only logged.</summary>
    private static readonly TimeSpan FirstRetransmission = TimeSpan.FromMilliseconds(500);

    private const int Sends = 4;

    private const int ClaimBatch = 200;

    private readonly ReminderLock _lock = new(redisTurns.Host, "reminder:max-duration");
    private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _waiting = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Any, 0));
        _ = ReceiveAsync(socket, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await _lock.TryHoldAsync(Tick * 5).ConfigureAwait(false))
                {
                    await HangUpOverdueAsync(socket).ConfigureAwait(false);
                }
            }
            catch (GrainUnavailableException e)
            {
                log.LogWarning("maximum-duration hang-ups paused, grain host unavailable: {Message}", e.Message);
            }

            try
            {
                await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task HangUpOverdueAsync(UdpClient socket)
    {
        var now = time.GetUtcNow();
        var hangups = new List<Task>();
        foreach (var gateway in state.Provisioning.MappingGateways)
        {
            foreach (var call in await factory.GetGatewayGrain(gateway.Name).ClaimOverdueAsync(now, ClaimTime, ClaimBatch).ConfigureAwait(false))
            {
                hangups.Add(HangUpAsync(socket, call));
            }
        }

        await Task.WhenAll(hangups).ConfigureAwait(false);
    }

    private async Task HangUpAsync(UdpClient socket, AnsweredCall call)
    {
        // the talk time ends when we hang up, not when the last BYE is answered
        var now = time.GetUtcNow();
        var talk = TimeSpan.FromMilliseconds(Math.Max(0, now.ToUnixTimeMilliseconds() - call.AnsweredAtMs));
        var vendor = SendByeAsync(socket, call, HangupSide.Vendor);
        var customer = SendByeAsync(socket, call, HangupSide.Customer);

        // The call is over for us once the BYEs are out: the lines go back now, not after the retransmissions.
        try
        {
            await Task.WhenAll(
                factory.GetGatewayGrain(call.Mapping).ReleaseAsync(call.CallId, CallOutcome.Answered, talk, now),
                factory.GetGatewayGrain(call.Routing).ReleaseAsync(call.CallId, CallOutcome.Answered, talk, now)).ConfigureAwait(false);
            state.CountHangup();
        }
        catch (GrainUnavailableException e)
        {
            // still claimed: it comes due again once Redis is back, and is hung up (harmlessly) once more
            log.LogWarning("lines of call {CallId} not released: {Message}", call.CallId, e.Message);
        }

        // the next tick does not wait for the answers
        _ = LogAnswersAsync(call, talk, vendor, customer);
    }

    private async Task LogAnswersAsync(AnsweredCall call, TimeSpan talk, Task<int?> vendor, Task<int?> customer)
    {
        var answers = await Task.WhenAll(vendor, customer).ConfigureAwait(false);
        log.LogWarning(
            "call {CallId} ({Mapping} -> {Routing}) ended at its maximum duration after {Talk:F0} s; BYE answered by vendor {VendorStatus}, customer {CustomerStatus}",
            call.CallId, call.Mapping, call.Routing, talk.TotalSeconds, StatusText(answers[0]), StatusText(answers[1]));
    }

    /// <summary>Sends one BYE with retransmissions; the final status, or null when nobody answered.</summary>
    private async Task<int?> SendByeAsync(UdpClient socket, AnsweredCall call, HangupSide side)
    {
        if (HangupRequest.EndPointOf(side == HangupSide.Vendor ? call.VendorAddress : call.CustomerAddress) is not { } target)
        {
            return null;
        }

        var branch = HangupRequest.NewBranch();
        var answered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[branch] = answered;
        try
        {
            var local = SiloSignalling.LocalEndPointTowards(socket, target);
            var bye = HangupRequest.Bye(call, side, local, branch);
            var wait = FirstRetransmission;
            for (var sent = 0; sent < Sends; sent++, wait *= 2)
            {
                await socket.SendAsync(bye, target).ConfigureAwait(false);
                try
                {
                    return await answered.Task.WaitAsync(wait, time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }

            return null;
        }
        catch (SocketException)
        {
            return null;
        }
        finally
        {
            _waiting.TryRemove(branch, out _);
        }
    }

    private static string StatusText(int? status) => status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing";

    private async Task ReceiveAsync(UdpClient socket, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var result = await socket.ReceiveAsync(stop).ConfigureAwait(false);
                if (HangupRequest.FinalAnswer(result.Buffer) is { } answer && _waiting.TryGetValue(answer.Branch, out var waiting))
                {
                    waiting.TrySetResult(answer.Status);
                }
            }
            catch (SocketException)
            {
                // ICMP port unreachable from a party that is gone surfaces here; its BYE goes unanswered.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
