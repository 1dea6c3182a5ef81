using System.Net;
using System.Text;
using Cluster.Edge.Auth;
using Cluster.Edge.Defense;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Provisioning;
using Cluster.Edge.Sip;
using Cluster.Edge.Verdicts;
using Cluster.Grains.Changes;
using Cluster.Grains;

namespace Cluster.Edge.Registrar;

/// <summary>
/// REGISTER (RFC 3261 §10) with digest authentication, enforced cluster-wide: bindings live in the
/// endpoint grain, failed attempts count on the endpoint grain (SS_ENDPOINTREGISTERRETRY, suspension)
/// and on the source IP grain (SS_AUTHENTICATION_MAX_RETRY, blocking). Blocked sources and suspended
/// endpoints known to this edge get no digest work at all.
/// </summary>
internal sealed class RegistrarHandler(
    IClusterGrains grains,
    ClusterKeyRing keys,
    SourceProtection protection,
    EdgeProvisioning provisioning,
    VerdictCache verdicts,
    KnownSources known,
    DigestGate digest,
    RegistrationPolicy policy,
    EdgeMetrics metrics) : ISipRequestHandler
{
    /// <summary>The 400's reason when the Authorization's uri names another target than this REGISTER's.</summary>
    public const string DigestUriMismatchReason = "Authorization uri Names Another Target";

    public async ValueTask HandleAsync(SipRequestContext request)
    {
        try
        {
            await RegisterAsync(request).ConfigureAwait(false);
        }
        catch (GrainUnavailableException)
        {
            // No grain, no decision: tell the phone to come back rather than guess.
            metrics.CountRefusal("grain_unavailable");
            request.Respond(503, "Service Unavailable", "Retry-After: 5\r\n"u8);
        }
    }

    /// <summary>
    /// A REGISTER without credentials is answered on the receive loop: a challenge needs no grain (the
    /// key ring is cached), and refusals come from the verdict cache. Budgets still hold: the local
    /// stage has already counted this packet, and the source IP grain admits every REGISTER that
    /// carries credentials, which is where the digest work is.
    /// </summary>
    public bool TryAnswerAtOnce(SipMessage request, IPAddress source, long nowMs, out ImmediateAnswer answer)
    {
        answer = default;
        if (!request.FirstValue(SipHeaderName.Authorization).IsEmpty || keys.TryGetCached(nowMs) is not { } clusterKeys)
        {
            return false;
        }

        source = Normalize(source);
        var parameters = provisioning.Parameters;
        if (verdicts.IsBlocked(source, nowMs))
        {
            answer = Refusal(parameters, "blocked_source");
            return true;
        }

        if (RegisterRequestView.TryRead(request, policy, out var view) != RegisterProblem.None)
        {
            return false;
        }

        if (verdicts.IsSuspended(view!.User, nowMs))
        {
            answer = Refusal(parameters, "suspended_endpoint");
            return true;
        }

        if (!provisioning.Current.TryGetAccountPassword(view.User, out _) && !parameters.ReplyUnauthorized && !provisioning.IsGatewayAddress(source))
        {
            metrics.CountDrop("unknown_account");
            answer = ImmediateAnswer.Silence;
            return true;
        }

        answer = ImmediateAnswer.Respond(401, "Unauthorized", digest.Challenge(nowMs, clusterKeys, stale: false));
        return true;
    }

    private ImmediateAnswer Refusal(SystemParameters parameters, string why)
    {
        metrics.CountRefusalOrDrop(why, answered: parameters.ReplyUnauthorized);
        return parameters.ReplyUnauthorized ? ImmediateAnswer.Respond(403, "Forbidden") : ImmediateAnswer.Silence;
    }

    private async Task RegisterAsync(SipRequestContext request)
    {
        var now = request.NowMs;
        var source = Normalize(request.Remote.Address);
        var parameters = provisioning.Parameters;
        if (verdicts.IsBlocked(source, now))
        {
            Refuse(request, parameters, "blocked_source");
            return;
        }

        // The source IP grain is the authority on blocks and budgets; the cache above only spares it work.
        var admission = await grains.GetSourceIpGrain(source).AdmitAsync(SipRequestKind.Register, DateTimeOffset.FromUnixTimeMilliseconds(now)).ConfigureAwait(false);
        if (!admission.ShouldProcess)
        {
            await protection.RememberBlockAsync(source, admission, now).ConfigureAwait(false);
            if (admission.Decision == SourceIpDecision.Throttled)
            {
                metrics.CountDrop("throttled_source");
                request.Ignore();
            }
            else
            {
                Refuse(request, parameters, "blocked_source");
            }

            return;
        }

        var problem = RegisterRequestView.TryRead(request.Request, policy, out var view);
        if (problem != RegisterProblem.None)
        {
            RespondToProblem(request, problem);
            return;
        }

        if (verdicts.IsSuspended(view!.User, now))
        {
            Refuse(request, parameters, "suspended_endpoint");
            return;
        }

        string? password = provisioning.Current.TryGetAccountPassword(view.User, out var known) ? known : null;
        if (password is null && !parameters.ReplyUnauthorized && !provisioning.IsGatewayAddress(source))
        {
            // SS_REPLY_UNAUTHORIZED off: a stranger naming no account gets nothing to work with.
            metrics.CountDrop("unknown_account");
            request.Ignore();
            return;
        }

        var clusterKeys = await keys.GetAsync(now).ConfigureAwait(false);
        var authorization = request.Request.FirstValue(SipHeaderName.Authorization);
        if (authorization.IsEmpty)
        {
            Challenge(request, clusterKeys, stale: false);
            return;
        }

        var result = digest.Check(authorization, "REGISTER"u8, request.Request.RequestUri, request.Channel.LocalEndPoint, view.User, password, now, clusterKeys);
        switch (result.Outcome)
        {
            case DigestOutcome.Ok:
                // Contacts to change: the endpoint's own turn spends the nonce-count (one Redis call for
                // both). A query or remove-all has no such turn, so the nonce grain checks it.
                if (view.Contacts.Count == 0
                    && !await grains.GetNonceGrain(result.Nonce).AcceptCountAsync(result.NonceCount, digest.NonceLifetime).ConfigureAwait(false))
                {
                    Replayed(request, clusterKeys);
                    return;
                }

                await ApplyAsync(request, view, source, parameters, result, clusterKeys).ConfigureAwait(false);
                return;

            case DigestOutcome.StaleNonce:
                Challenge(request, clusterKeys, stale: true);
                return;

            case DigestOutcome.BadNonce:
            case DigestOutcome.Malformed:
                Challenge(request, clusterKeys, stale: false);
                return;

            case DigestOutcome.UriMismatch:
                // Credentials for another target prove nothing either way: refused, never counted as a guess.
                metrics.CountRefusal("digest_uri_mismatch");
                request.Respond(400, DigestUriMismatchReason);
                return;

            default:
                await FailAsync(request, view.User, password is not null, source, parameters, clusterKeys).ConfigureAwait(false);
                return;
        }
    }

    private async Task ApplyAsync(SipRequestContext request, RegisterRequestView view, IPAddress source, SystemParameters parameters, DigestResult proof, ClusterKeys clusterKeys)
    {
        var endpoint = grains.GetEndpointGrain(view.User);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(request.NowMs);
        if (view.IsWildcard)
        {
            await endpoint.UnregisterAsync(null, now).ConfigureAwait(false);
        }

        var callId = Encoding.ASCII.GetString(request.Request.CallId);
        request.Request.TryGetCSeq(out var cseq, out _, out _);
        var userAgent = request.Request.UserAgent.IsEmpty ? null : Encoding.UTF8.GetString(request.Request.UserAgent);
        var from = BindingSource.Of(request.Channel.Kind, request.Remote);
        IReadOnlyList<BoundContact>? listed = null;
        foreach (var contact in view.Contacts)
        {
            // Only the first turn spends the nonce; later contacts of the same request reuse the proof.
            var change = new RegisterRequest(contact.Uri, from, contact.Expires, callId, cseq, userAgent)
            {
                Nonce = listed is null ? proof.Nonce : string.Empty,
                NonceCount = proof.NonceCount,
                NonceMemory = digest.NonceLifetime,
            };
            var verdict = await endpoint.RegisterAsync(change, now).ConfigureAwait(false);
            switch (verdict.Outcome)
            {
                case RegisterOutcome.Replayed:
                    Replayed(request, clusterKeys);
                    return;
                case RegisterOutcome.Suspended:
                    await protection.RememberSuspensionAsync(view.User, verdict.SuspendedUntil, request.NowMs).ConfigureAwait(false);
                    Refuse(request, parameters, "suspended_endpoint");
                    return;
                case RegisterOutcome.OutOfOrder:
                    // RFC 3261 §10.3 step 7: an older request of the same Call-ID must not win.
                    request.Respond(500, "Out Of Order Registration");
                    return;
                case RegisterOutcome.TooManyBindings:
                    request.Respond(403, "Too Many Bindings");
                    return;
            }

            listed = verdict.Contacts;
        }

        // The last change's turn already listed the bindings; a query or remove-all needs one more turn.
        if (listed is null)
        {
            var state = await endpoint.GetAsync(now).ConfigureAwait(false);
            listed = [.. state.Bindings.Select(b => new BoundContact(b.Contact, b.ExpiresAt))];
        }

        known.Prove(source, request.NowMs);
        request.Respond(200, "OK", RegistrarResponses.Contacts(listed, now));
    }

    private async Task FailAsync(SipRequestContext request, string user, bool knownAccount, IPAddress source, SystemParameters parameters, ClusterKeys clusterKeys)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(request.NowMs);
        var sourceVerdict = grains.GetSourceIpGrain(source).AuthFailedAsync(now);
        var endpointVerdict = knownAccount ? grains.GetEndpointGrain(user).RegisterFailedAsync(now) : Task.FromResult<RegisterFailedVerdict?>(null)!;
        var ip = await sourceVerdict.ConfigureAwait(false);
        var endpoint = await endpointVerdict.ConfigureAwait(false);

        var refused = await protection.RememberBlockAsync(source, ip, request.NowMs).ConfigureAwait(false);

        if (endpoint is { Suspended: true })
        {
            await protection.RememberSuspensionAsync(user, endpoint.SuspendedUntil, request.NowMs).ConfigureAwait(false);
            refused = true;
        }

        if (refused)
        {
            Refuse(request, parameters, "protection_started");
            return;
        }

        metrics.CountRefusal("auth_failed");
        Challenge(request, clusterKeys, stale: false);
    }

    private void Replayed(SipRequestContext request, ClusterKeys clusterKeys)
    {
        metrics.CountRefusal("digest_replay");
        Challenge(request, clusterKeys, stale: false);
    }

    private void Challenge(SipRequestContext request, ClusterKeys clusterKeys, bool stale) =>
        request.Respond(401, "Unauthorized", digest.Challenge(request.NowMs, clusterKeys, stale));

    /// <summary>SS_REPLY_UNAUTHORIZED on: 403; off: silence (the source learns nothing).</summary>
    private void Refuse(SipRequestContext request, SystemParameters parameters, string why)
    {
        metrics.CountRefusalOrDrop(why, answered: parameters.ReplyUnauthorized);
        if (parameters.ReplyUnauthorized)
        {
            request.Respond(403, "Forbidden");
        }
        else
        {
            request.Ignore();
        }
    }

    private void RespondToProblem(SipRequestContext request, RegisterProblem problem)
    {
        switch (problem)
        {
            case RegisterProblem.IntervalTooBrief:
                request.Respond(423, "Interval Too Brief", Encoding.ASCII.GetBytes($"Min-Expires: {(int)policy.MinExpires.TotalSeconds}\r\n"));
                break;
            case RegisterProblem.BadContact:
                request.Respond(400, "Bad Contact");
                break;
            case RegisterProblem.WildcardMisuse:
                request.Respond(400, "Bad Contact Wildcard");
                break;
            default:
                request.Respond(400, "Too Many Contacts");
                break;
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
