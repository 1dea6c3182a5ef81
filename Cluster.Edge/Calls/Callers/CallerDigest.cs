using Cluster.Edge.Auth;

namespace Cluster.Edge.Calls.Callers;

/// <summary>
/// The INVITE's digest verdict turned into an answer. Only a wrong password is evidence of guessing; correct
/// credentials are never a failure, even when the account behind them may not call: a registered phone that dials
/// must not get its own address blocked. Pure.
/// </summary>
internal static class CallerDigest
{
    /// <param name="outcome">The digest check's outcome, made against the gateway's password, else the account's.</param>
    /// <param name="isCaller">True when the digest user is a password gateway's user or a registration gateway's account.</param>
    public static CallerDigestAnswer Decide(DigestOutcome outcome, bool isCaller) => outcome switch
    {
        DigestOutcome.Ok => isCaller ? CallerDigestAnswer.Admit : CallerDigestAnswer.MayNotCall,
        DigestOutcome.StaleNonce => CallerDigestAnswer.ChallengeStale,
        DigestOutcome.BadNonce or DigestOutcome.Malformed => CallerDigestAnswer.Challenge,
        DigestOutcome.UriMismatch => CallerDigestAnswer.UriNamesAnotherTarget,
        _ => CallerDigestAnswer.WrongPassword,
    };
}
