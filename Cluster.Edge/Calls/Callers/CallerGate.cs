using System.Text;
using Cluster.Edge.Auth;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Provisioning;
using Cluster.Edge.Registrar;
using Cluster.Edge.Sip;
using Cluster.Edge.Verdicts;
using Cluster.Grains;
using Cluster.Grains.Provisioning;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls.Callers;

/// <summary>
/// The first step of an INVITE: which mapping gateway (customer) is calling. Blocked sources are refused
/// from the verdict cache; IP and IP + port gateways are known by address; a registration gateway is known
/// when From names its account and the source is one of that account's live bindings (one read-only turn
/// on the endpoint grain); password gateways, and registration gateways calling from elsewhere, answer a
/// 407 digest challenge (MD5, nonce bound to the cluster key, replay-checked on the nonce grain). An account that
/// answers with its own correct password but is no gateway's caller gets 403 and nothing counted; a wrong password
/// counts on the source IP grain. Anybody else is refused per SS_REPLY_UNAUTHORIZED: 403 when on, silence when off.
/// </summary>
internal sealed class CallerGate(
    IClusterGrains grains,
    ClusterKeyRing keys,
    EdgeProvisioning provisioning,
    VerdictCache verdicts,
    DigestGate digest,
    SourceProtection protection,
    EdgeMetrics metrics,
    ILogger logger)
{
    /// <summary>The 400's reason when the Proxy-Authorization's uri names another target than this INVITE's.</summary>
    public const string DigestUriMismatchReason = "Proxy-Authorization uri Names Another Target";

    /// <summary>The 403's reason for an account whose password is right but which is no mapping gateway's caller.</summary>
    public const string MayNotCallReason = "Account Not Allowed To Call";

    /// <summary>The calling gateway, or null when the request has been answered (challenge, refusal) or ignored.</summary>
    public async Task<MappingGateway?> IdentifyAsync(SipRequestContext request)
    {
        var now = request.NowMs;
        var source = request.Remote.Address.IsIPv4MappedToIPv6 ? request.Remote.Address.MapToIPv4() : request.Remote.Address;
        var gateways = provisioning.Current.MappingGateways;
        if (verdicts.IsBlocked(source, now))
        {
            Refuse(request, "blocked_source");
            return null;
        }

        if (CallerIdentification.ByAddress(gateways, request.Remote) is { } byAddress)
        {
            return byAddress;
        }

        // Only a From naming a registration gateway's account costs a grain turn, so random users cost none.
        var claimed = CallerIdentification.ByAccount(gateways, CallerIdentification.ClaimedUser(request.Request.FirstValue(SipHeaderName.From)));
        if (claimed is not null
            && !verdicts.IsSuspended(claimed.Account!, now)
            && await grains.GetEndpointGrain(claimed.Account!).IsBoundFromAsync(BindingSource.Of(request.Channel.Kind, request.Remote), DateTimeOffset.FromUnixTimeMilliseconds(now)).ConfigureAwait(false))
        {
            return claimed;
        }

        var authorization = request.Request.FirstValue(SipHeaderName.ProxyAuthorization).ToArray();
        if (authorization.Length == 0 || !DigestCredentials.TryParse(authorization, out var credentials))
        {
            // Everyone is challenged alike (not only those naming an account), so answers enumerate no accounts.
            if (CallerIdentification.AnyDigestGateway(gateways) && provisioning.Parameters.ReplyUnauthorized)
            {
                await ChallengeAsync(request, stale: false).ConfigureAwait(false);
            }
            else
            {
                Refuse(request, "unknown_caller");
            }

            return null;
        }

        var user = Encoding.UTF8.GetString(credentials.Username.Slice(authorization));
        var gateway = CallerIdentification.ByDigestUser(gateways, user);
        if (gateway is { Auth: GatewayAuthMode.Registration } && verdicts.IsSuspended(gateway.Account!, now))
        {
            // SS_ENDPOINTREGISTERSUSPEND: a suspended account gets no digest work, for calls as for REGISTER.
            Refuse(request, "suspended_endpoint");
            return null;
        }

        var clusterKeys = await keys.GetAsync(now).ConfigureAwait(false);
        var password = CallerIdentification.DigestPassword(provisioning.Current, gateway, user);
        var result = digest.Check(authorization, "INVITE"u8, request.Request.RequestUri, request.Channel.LocalEndPoint, user, password, now, clusterKeys);
        switch (CallerDigest.Decide(result.Outcome, isCaller: gateway is not null))
        {
            case CallerDigestAnswer.Admit:
                if (!await grains.GetNonceGrain(result.Nonce).AcceptCountAsync(result.NonceCount, digest.NonceLifetime).ConfigureAwait(false))
                {
                    metrics.CountRefusal("digest_replay");
                    await ChallengeAsync(request, stale: false).ConfigureAwait(false);
                    return null;
                }

                return gateway;

            case CallerDigestAnswer.ChallengeStale:
                await ChallengeAsync(request, stale: true).ConfigureAwait(false);
                return null;

            case CallerDigestAnswer.Challenge:
                await ChallengeAsync(request, stale: false).ConfigureAwait(false);
                return null;

            case CallerDigestAnswer.UriNamesAnotherTarget:
                metrics.CountRefusal("digest_uri_mismatch");
                request.Respond(400, DigestUriMismatchReason);
                return null;

            case CallerDigestAnswer.MayNotCall:
                // Right password, no calling rights: the phone is who it says, so nothing counts against its address.
                metrics.CountRefusal("account_may_not_call");
                CallsLog.AccountMayNotCall(logger, Encoding.ASCII.GetString(request.Request.CallId), user, source);
                request.Respond(403, MayNotCallReason);
                return null;

            default:
                // A wrong password counts against the source (SS_AUTHENTICATION_MAX_RETRY) like a failed REGISTER;
                // a block it causes is announced to every edge and logged there like the registrar's.
                await protection.AuthFailedAsync(source, now).ConfigureAwait(false);
                Refuse(request, "auth_failed");
                return null;
        }
    }

    private async Task ChallengeAsync(SipRequestContext request, bool stale)
    {
        var clusterKeys = await keys.GetAsync(request.NowMs).ConfigureAwait(false);
        request.Respond(407, "Proxy Authentication Required", digest.Challenge(request.NowMs, clusterKeys, stale, proxy: true));
    }

    /// <summary>SS_REPLY_UNAUTHORIZED on: 403; off: silence.</summary>
    private void Refuse(SipRequestContext request, string why)
    {
        metrics.CountRefusalOrDrop(why, answered: provisioning.Parameters.ReplyUnauthorized);
        if (provisioning.Parameters.ReplyUnauthorized)
        {
            request.Respond(403, "Forbidden");
        }
        else
        {
            request.Ignore();
        }
    }
}
