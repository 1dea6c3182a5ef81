using System.Runtime.InteropServices;

namespace Cluster.Tests.Infrastructure;

/// <summary>POSIX signals for the processes under test: SIGTERM as a supervisor sends it.</summary>
public static class PosixSignals
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    /// <summary>False when the signal could not be sent (the process is gone).</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
