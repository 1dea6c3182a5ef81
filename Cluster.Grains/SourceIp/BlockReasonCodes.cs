namespace Cluster.Grains;

/// <summary>The short words stored in Redis for <see cref="BlockReason"/>; shared by C# and Lua.</summary>
internal static class BlockReasonCodes
{
    public static string ToCode(BlockReason reason) => reason switch
    {
        BlockReason.Flood => "flood",
        BlockReason.AuthFailures => "auth_failures",
        BlockReason.Scanner => "scanner",
        BlockReason.Manual => "manual",
        _ => string.Empty,
    };

    public static BlockReason FromCode(string code) => code switch
    {
        "flood" => BlockReason.Flood,
        "auth_failures" => BlockReason.AuthFailures,
        "scanner" => BlockReason.Scanner,
        "manual" => BlockReason.Manual,
        _ => BlockReason.None,
    };
}
