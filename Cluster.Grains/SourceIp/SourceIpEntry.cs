namespace Cluster.Grains;

/// <summary>
/// What a shard keeps of one source address (~100 bytes): the three token buckets, the pike counters, the
/// auth-failure window and the blacklist entry. Times are Unix milliseconds; tokens are millitokens, -1 meaning
/// "never used" (a full bucket). A plain struct in the shard's table: no object per source.
/// </summary>
internal struct SourceIpEntry
{
    public long BlockedUntilMs;
    public long AllTokens;
    public long AllStampMs;
    public long RegisterTokens;
    public long RegisterStampMs;
    public long InviteTokens;
    public long InviteStampMs;

    /// <summary>The pike sampling unit <see cref="PikeCount"/> counts in (now / unit length); -1 before the first request.</summary>
    public long PikeUnit;

    /// <summary>When the current auth-failure window ends; a failure after it opens a new one.</summary>
    public long AuthWindowEndMs;

    /// <summary>When the entry is forgotten: max(last turn + idle expiry, block end, failure window end).</summary>
    public long ExpiresAtMs;

    public int PikeCount;
    public int HotUnits;
    public int AuthFailures;
    public BlockReason Reason;

    /// <summary>Redis may hold a record for this source (written once, removed by the sweep or an unblock).</summary>
    public bool Stored;

    /// <summary>A source never seen (or forgotten): full buckets, no counts, no block.</summary>
    public static SourceIpEntry Fresh => new() { AllTokens = -1, RegisterTokens = -1, InviteTokens = -1, PikeUnit = -1 };
}
