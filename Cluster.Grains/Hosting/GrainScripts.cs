namespace Cluster.Grains.Hosting;

/// <summary>Every grain turn the cluster runs; loaded once per process.</summary>
internal static class GrainScripts
{
    public static readonly GrainScript Gateway = GrainScript.Load("gateway");
    public static readonly GrainScript ReminderLock = GrainScript.Load("reminder_lock");
    public static readonly GrainScript ReminderUnlock = GrainScript.Load("reminder_unlock");

    public static IReadOnlyList<GrainScript> All { get; } =
    [
        Gateway,
        ReminderLock, ReminderUnlock,
    ];
}
