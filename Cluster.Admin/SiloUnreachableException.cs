namespace Cluster.Admin;

/// <summary>No answer from the silo (exit 4).</summary>
internal sealed class SiloUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
