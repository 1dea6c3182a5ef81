namespace Cluster.Edge.Auth;

/// <summary>
/// Verdict of <see cref="DigestVerifier.Check"/>. Only <see cref="WrongPassword"/> is evidence of a
/// guessing attempt; the others are protocol problems or an expired nonce and should not count
/// towards SS_ENDPOINTREGISTERRETRY / SS_AUTHENTICATION_MAX_RETRY on their own.
/// </summary>
internal enum DigestOutcome : byte
{
    /// <summary>
    /// Response correct and nonce valid. The caller must still refuse a replay: accept only if
    /// <see cref="DigestCredentials.NonceCount"/> is greater than the last nc seen for this nonce
    /// (shared state, kept outside this pure code), then record it.
    /// </summary>
    Ok = 0,

    /// <summary>The response does not match the secret: wrong password (or wrong HA1).</summary>
    WrongPassword = 1,

    /// <summary>The realm in the credentials is not ours.</summary>
    RealmMismatch = 2,

    /// <summary>Unknown algorithm, one we do not accept, or one the stored secret cannot serve.</summary>
    AlgorithmMismatch = 3,

    /// <summary>
    /// The digest uri names another target than this request's on this server (<see cref="DigestUriCheck"/>), or
    /// differs from the Request-URI the verifier was asked to compare with: 400, never a failed login.
    /// </summary>
    UriMismatch = 4,

    /// <summary>Response correct for an authentic but expired nonce: challenge again with stale=true.</summary>
    StaleNonce = 5,

    /// <summary>The nonce was not issued by the cluster (forged, other realm/binding, retired key).</summary>
    BadNonce = 6,

    /// <summary>Credentials unusable: unparsed, unsupported qop, missing cnonce/nc, bad response length.</summary>
    Malformed = 7,
}
