namespace Cluster.Admin;

/// <summary>The command line is wrong; the message says how (exit 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
