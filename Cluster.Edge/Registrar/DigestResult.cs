using Cluster.Edge.Auth;

namespace Cluster.Edge.Registrar;

/// <summary>What a digest check found, with what replay protection needs (the nonce and its count).</summary>
internal readonly record struct DigestResult(DigestOutcome Outcome, string Nonce, uint NonceCount)
{
    /// <summary>
    /// Outcomes that count as a failed attempt (SS_ENDPOINTREGISTERRETRY, SS_AUTHENTICATION_MAX_RETRY). A digest uri
    /// naming another target is not one: it says nothing about the password.
    /// </summary>
    public bool IsFailure => Outcome is DigestOutcome.WrongPassword or DigestOutcome.RealmMismatch or DigestOutcome.AlgorithmMismatch;
}
