namespace Cluster.Edge.Calls.Callers;

/// <summary>What the edge does with an INVITE after checking its Proxy-Authorization (<see cref="CallerDigest.Decide"/>).</summary>
internal enum CallerDigestAnswer : byte
{
    /// <summary>The digest proves a mapping gateway (password or registration mode): on to the nonce-count and admission.</summary>
    Admit,

    /// <summary>Unusable or forged credentials, or a nonce we did not issue: 407 again, nothing counted.</summary>
    Challenge,

    /// <summary>Right answer to an expired nonce: 407 with stale=true.</summary>
    ChallengeStale,

    /// <summary>The digest uri names another target: 400, nothing counted.</summary>
    UriNamesAnotherTarget,

    /// <summary>An account proved its password but is no mapping gateway's caller: 403, a log line, nothing counted.</summary>
    MayNotCall,

    /// <summary>A wrong password (or an unknown user): counted on the source IP grain (SS_AUTHENTICATION_MAX_RETRY), 403.</summary>
    WrongPassword,
}
