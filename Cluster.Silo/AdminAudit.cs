namespace Cluster.Silo;

/// <summary>Writes the audit line of every admin change: who (source address) and what.</summary>
internal sealed class AdminAudit(ILogger<AdminAudit> log)
{
    public void Change(HttpContext context, string what) => SiloLog.AdminChange(log, SiloLog.Source(context), what);
}
