namespace Cluster.Admin;

/// <summary>What scripts can rely on: 0 only on success.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The silo answered with an error (5xx; 503 = its Redis is away).</summary>
    public const int Failed = 1;

    /// <summary>Bad command line, or the silo rejected the input (400).</summary>
    public const int Usage = 2;

    /// <summary>No such endpoint, gateway, parameter or binding (404).</summary>
    public const int NotFound = 3;

    /// <summary>The silo could not be reached (refused, timed out, bad answer).</summary>
    public const int Unreachable = 4;

    /// <summary>The silo refused us: missing or wrong token (401) or source not allowed (403).</summary>
    public const int Refused = 5;
}
