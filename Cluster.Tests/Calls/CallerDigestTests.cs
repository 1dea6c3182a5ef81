using Cluster.Edge.Auth;
using Cluster.Edge.Calls.Callers;

namespace Cluster.Tests.Calls;

/// <summary>What an INVITE's digest verdict leads to: only a wrong password is a failed login.</summary>
public sealed class CallerDigestTests
{
    [Fact]
    public void Correct_credentials_of_a_caller_admit_it_and_of_an_account_without_calling_rights_refuse_it_without_a_failure()
    {
        Assert.Equal(CallerDigestAnswer.Admit, CallerDigest.Decide(DigestOutcome.Ok, isCaller: true));
        Assert.Equal(CallerDigestAnswer.MayNotCall, CallerDigest.Decide(DigestOutcome.Ok, isCaller: false));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_uri_naming_another_target_and_protocol_problems_are_never_counted(bool isCaller)
    {
        Assert.Equal(CallerDigestAnswer.UriNamesAnotherTarget, CallerDigest.Decide(DigestOutcome.UriMismatch, isCaller));
        Assert.Equal(CallerDigestAnswer.ChallengeStale, CallerDigest.Decide(DigestOutcome.StaleNonce, isCaller));
        Assert.Equal(CallerDigestAnswer.Challenge, CallerDigest.Decide(DigestOutcome.BadNonce, isCaller));
        Assert.Equal(CallerDigestAnswer.Challenge, CallerDigest.Decide(DigestOutcome.Malformed, isCaller));
    }

    [Theory]
    [InlineData("WrongPassword")]
    [InlineData("RealmMismatch")]
    [InlineData("AlgorithmMismatch")]
    public void Only_a_wrong_answer_counts_as_a_failed_login(string name)
    {
        // Theory data carries the outcome's name: the enum is internal to the edge.
        var outcome = Enum.Parse<DigestOutcome>(name);
        Assert.Equal(CallerDigestAnswer.WrongPassword, CallerDigest.Decide(outcome, isCaller: true));
        Assert.Equal(CallerDigestAnswer.WrongPassword, CallerDigest.Decide(outcome, isCaller: false));
    }
}
