namespace Cluster.Edge.Auth;

/// <summary>
/// Digest authentication limits. Setters validate so a bad configuration fails at start-up, not
/// on the first REGISTER. No VOS3000 parameter corresponds to these; they are ours.
/// </summary>
internal sealed class DigestOptions
{
    private TimeSpan _nonceLifetime = TimeSpan.FromSeconds(300);
    private TimeSpan _maxClockSkew = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a nonce is accepted after it was issued; older ones get <c>stale=true</c>.
    /// Default 300 s; between 1 s and 1 day. Rotate the cluster key no more often than this, so a
    /// nonce signed by a key older than the previous one is already stale by age.
    /// </summary>
    public TimeSpan NonceLifetime
    {
        get => _nonceLifetime;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromSeconds(1), nameof(NonceLifetime));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromDays(1), nameof(NonceLifetime));
            _nonceLifetime = value;
        }
    }

    /// <summary>
    /// How far in the future a nonce's issue time may be, to tolerate clocks of edges that differ
    /// slightly. Default 5 s; between 0 and 5 min.
    /// </summary>
    public TimeSpan MaxClockSkew
    {
        get => _maxClockSkew;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(MaxClockSkew));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromMinutes(5), nameof(MaxClockSkew));
            _maxClockSkew = value;
        }
    }

    /// <summary>
    /// Refuse credentials without qop (RFC 2069 style). Default true: without qop there is no nc,
    /// so a replay could not be told from a retry.
    /// </summary>
    public bool RequireQop { get; set; } = true;

    /// <summary>Accept MD5 credentials. Default true: most SIP phones only do MD5.</summary>
    public bool AcceptMd5 { get; set; } = true;

    /// <summary>Accept SHA-256 credentials (RFC 8760). Default true.</summary>
    public bool AcceptSha256 { get; set; } = true;

    /// <summary>Accept the -sess variants. Default false: our challenges never offer them.</summary>
    public bool AcceptSessionAlgorithms { get; set; }

    internal bool Accepts(DigestAlgorithm algorithm)
        => (algorithm.IsSha256() ? AcceptSha256 : AcceptMd5)
            && (!algorithm.IsSession() || AcceptSessionAlgorithms);
}
