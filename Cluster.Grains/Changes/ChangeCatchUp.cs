namespace Cluster.Grains.Changes;

/// <summary>
/// What a (re)subscribing listener missed. When the hub's epoch differs from the listener's (the hub restarted on
/// another silo and forgot its log, or the listener is new), <see cref="Reset"/> is true: the listener drops what it
/// cached from announcements and relearns from the grains, which stay the authority.
/// </summary>
[GenerateSerializer]
public sealed record ChangeCatchUp(long Epoch, long Sequence, bool Reset, IReadOnlyList<string> Missed);
