using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Cluster.Grains;

namespace Cluster.Silo.Hangup;

/// <summary>
/// Ends answered calls at their maximum duration (VOS3000's conversation limitation, the lower of the mapping and
/// routing gateway's <c>max_call_duration_s</c>): the mapping gateway grain's timer claims each call as it comes due
/// and hands it here; the silo sends BYE to both parties from its own socket and releases both gateways' lines with
/// the talk time, so ACD counts it. The edge that carried the call plays no part, so a call is ended even if that
/// edge is gone. A silo that dies mid hang-up leaves the claimed call to come due again on the grain's next activation.
/// </summary>
internal sealed class HangupSender : ICallHangup, IDisposable
{
    /// <summary>A BYE is retransmitted doubling from T1 (RFC 3261 Timer E), four sends over 7.5 s; the answer is only logged.</summary>
    private static readonly TimeSpan FirstRetransmission = TimeSpan.FromMilliseconds(500);

    private const int Sends = 4;

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly SiloState? _state;
    private readonly ILogger<HangupSender> _log;
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Any, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<int>> _waiting = new(StringComparer.Ordinal);

    public HangupSender(IGrainFactory grains, TimeProvider time, IServiceProvider services, ILogger<HangupSender> log)
    {
        (_grains, _time, _log) = (grains, time, log);
        _state = services.GetService<SiloState>(); // the silo process counts hang-ups for /metrics; test silos have none
        _ = ReceiveAsync(_stop.Token);
    }

    public void HangUp(AnsweredCall call) => _ = HangUpAsync(call);

    private async Task HangUpAsync(AnsweredCall call)
    {
        // the talk time ends when we hang up, not when the last BYE is answered
        var now = _time.GetUtcNow();
        var talk = TimeSpan.FromMilliseconds(Math.Max(0, now.ToUnixTimeMilliseconds() - call.AnsweredAtMs));
        var vendor = SendByeAsync(call, HangupSide.Vendor);
        var customer = SendByeAsync(call, HangupSide.Customer);

        // The call is over for us once the BYEs are out: the lines go back now, not after the retransmissions.
        try
        {
            await Task.WhenAll(
                _grains.GetGrain<IGatewayGrain>(call.Mapping).ReleaseAsync(call.CallId, CallOutcome.Answered, talk, now),
                _grains.GetGrain<IGatewayGrain>(call.Routing).ReleaseAsync(call.CallId, CallOutcome.Answered, talk, now)).ConfigureAwait(false);
            _state?.CountHangup();
        }
        catch (Exception e) when (e is GrainUnavailableException or TimeoutException or OrleansException)
        {
            // still claimed: it comes due again, and is hung up (harmlessly) once more
            _log.LogWarning("lines of call {CallId} not released: {Message}", call.CallId, e.Message);
        }

        var answers = await Task.WhenAll(vendor, customer).ConfigureAwait(false);
        _log.LogWarning(
            "call {CallId} ({Mapping} -> {Routing}) ended at its maximum duration after {Talk:F0} s; BYE answered by vendor {VendorStatus}, customer {CustomerStatus}",
            call.CallId, call.Mapping, call.Routing, talk.TotalSeconds, StatusText(answers[0]), StatusText(answers[1]));
    }

    /// <summary>Sends one BYE with retransmissions; the final status, or null when nobody answered.</summary>
    private async Task<int?> SendByeAsync(AnsweredCall call, HangupSide side)
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
            var local = SiloSignalling.LocalEndPointTowards(_socket, target);
            var bye = HangupRequest.Bye(call, side, local, branch);
            var wait = FirstRetransmission;
            for (var sent = 0; sent < Sends; sent++, wait *= 2)
            {
                await _socket.SendAsync(bye, target).ConfigureAwait(false);
                try
                {
                    return await answered.Task.WaitAsync(wait, _time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }

            return null;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            _waiting.TryRemove(branch, out _);
        }
    }

    private static string StatusText(int? status) => status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing";

    private async Task ReceiveAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var result = await _socket.ReceiveAsync(stop).ConfigureAwait(false);
                if (HangupRequest.FinalAnswer(result.Buffer) is { } answer && _waiting.TryGetValue(answer.Branch, out var waiting))
                {
                    waiting.TrySetResult(answer.Status);
                }
            }
            catch (SocketException)
            {
                // ICMP port unreachable from a party that is gone surfaces here; its BYE goes unanswered.
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
