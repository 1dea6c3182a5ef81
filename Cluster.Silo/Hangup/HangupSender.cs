using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Cluster.Grains;
using Cluster.Grains.Calls;
using Cluster.Grains.Cdr;

namespace Cluster.Silo.Hangup;

/// <summary>
/// Ends answered calls from the cluster: at their maximum duration (VOS3000's conversation limitation, the lower of the
/// mapping and routing gateway's <c>max_call_duration_s</c>; the mapping gateway grain's timer claims each call as it
/// comes due and hands it here) and at an operator's <c>calls hangup</c>. The call grain ends the call (both lines back
/// with the talk time, so ACD counts it; the CDR written) and writes a BYE into each leg, which the silo sends from its
/// own socket. The edge that carried the call plays no part, so a call is ended even if that edge is gone. A silo that
/// dies mid hang-up leaves the claimed call to come due again on the gateway grain's next activation.
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

    public void HangUp(AnsweredCall call) => _ = HangUpDueAsync(call);

    private async Task HangUpDueAsync(AnsweredCall call)
    {
        if (await HangUpAsync(call.CallId, CallReleaser.MaximumDuration).ConfigureAwait(false) is false)
        {
            // a due record with no call up behind it: its lines go, so that it stops coming due
            var now = _time.GetUtcNow();
            try
            {
                await Task.WhenAll(
                    _grains.GetGrain<IGatewayGrain>(call.Mapping).ReleaseAsync(call.CallId, CallOutcome.Answered, TimeSpan.Zero, now),
                    _grains.GetGrain<IGatewayGrain>(call.Routing).ReleaseAsync(call.CallId, CallOutcome.Answered, TimeSpan.Zero, now)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is GrainUnavailableException or TimeoutException or OrleansException)
            {
                _log.LogWarning("lines of call {CallId} not released: {Message}", call.CallId, e.Message);
            }
        }
    }

    /// <summary>
    /// Ends the call on its grain (lines back, CDR written with <paramref name="releasedBy"/>) and sends the BYEs the
    /// grain wrote into both legs. False when the call was not up; null when its grain could not be reached (a due
    /// call stays claimed and comes due again).
    /// </summary>
    public async Task<bool?> HangUpAsync(string callId, CallReleaser releasedBy)
    {
        CallHangup? hangup;
        try
        {
            hangup = await _grains.GetGrain<ICallGrain>(callId).HangUpAsync(releasedBy, _time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is GrainUnavailableException or TimeoutException or OrleansException)
        {
            _log.LogWarning("call {CallId} not hung up now: {Message}", callId, e.Message);
            return null;
        }

        if (hangup is null)
        {
            return false;
        }

        _state?.CountHangup();
        if (!hangup.SentByEdge)
        {
            _ = SendByesAsync(hangup, releasedBy);
        }
        else
        {
            _log.LogWarning("call {CallId} ended by {ReleasedBy} after {Talk:F0} s; an edge sends the BYEs", hangup.CallId, releasedBy, hangup.TalkMs / 1000.0);
        }

        return true;
    }

    private async Task SendByesAsync(CallHangup hangup, CallReleaser releasedBy)
    {
        var answers = await Task.WhenAll(SendByeAsync(hangup.ToVendor, hangup.ReasonHeader), SendByeAsync(hangup.ToCustomer, hangup.ReasonHeader)).ConfigureAwait(false);
        _log.LogWarning(
            "call {CallId} ended by {ReleasedBy} after {Talk:F0} s; BYE answered by vendor {VendorStatus}, customer {CustomerStatus}",
            hangup.CallId, releasedBy, hangup.TalkMs / 1000.0, StatusText(answers[0]), StatusText(answers[1]));
    }

    /// <summary>Sends one BYE with retransmissions; the final status, or null when nobody answered.</summary>
    private async Task<int?> SendByeAsync(LegRequest leg, string reasonHeader)
    {
        if (HangupRequest.EndPointOf(leg.Target) is not { } target)
        {
            return null;
        }

        var branch = HangupRequest.NewBranch();
        var answered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[branch] = answered;
        try
        {
            var local = SiloSignalling.LocalEndPointTowards(_socket, target);
            var bye = HangupRequest.Bye(leg, local, branch, reasonHeader);
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
