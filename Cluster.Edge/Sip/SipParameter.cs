namespace Cluster.Edge.Sip;

/// <summary>One parameter; <see cref="Start"/>/<see cref="End"/> locate it (from its ';') in the enumerated text.</summary>
public readonly ref struct SipParameter(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool hasValue, int start, int end)
{
    public ReadOnlySpan<byte> Name { get; } = name;

    /// <summary>Raw value; quoted strings keep their quotes.</summary>
    public ReadOnlySpan<byte> Value { get; } = value;

    public bool HasValue { get; } = hasValue;

    public int Start { get; } = start;

    public int End { get; } = end;
}
