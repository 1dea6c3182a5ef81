using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Cluster.Silo;

/// <summary>
/// Guards <c>/api</c>: the source must be in <c>--admin-allow</c> when that is set (403), and the
/// request must carry <c>Authorization: Bearer TOKEN</c> when a token is configured (401).
/// <c>/metrics</c> stays open: it is read-only and probes and Prometheus scrape it.
/// </summary>
internal sealed class AdminAccess(SiloOptions options, ILogger<AdminAccess> log)
{
    private readonly byte[]? _token = options.AdminToken is null ? null : Encoding.UTF8.GetBytes(options.AdminToken);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // the Orleans dashboard shows (and its API can reach) every grain: it is guarded like /api
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            && !context.Request.Path.StartsWithSegments("/dashboard", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var source = context.Connection.RemoteIpAddress;
        if (!IsAllowed(source))
        {
            SiloLog.AdminForbidden(log, SiloLog.Source(source), context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new ApiError($"source {SiloLog.Source(source)} is not in the admin allowlist"));
            return;
        }

        if (_token is not null && !HasToken(context.Request.Headers.Authorization.ToString()))
        {
            SiloLog.AdminUnauthorized(log, SiloLog.Source(source), context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsJsonAsync(new ApiError("admin token required: send Authorization: Bearer TOKEN (Cluster.Admin: --token or env CLUSTER_ADMIN_TOKEN)"));
            return;
        }

        await next(context);
    }

    internal bool IsAllowed(IPAddress? source)
    {
        if (options.AdminAllow.Count == 0)
        {
            return true;
        }

        if (source is null)
        {
            return false;
        }

        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        foreach (var network in options.AdminAllow)
        {
            if (network.Contains(source))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasToken(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // constant time: the comparison must not tell an attacker how much of the token was right
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), _token);
    }
}
