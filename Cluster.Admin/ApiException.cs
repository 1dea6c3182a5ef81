using System.Net;

namespace Cluster.Admin;

/// <summary>The silo answered with an error status; <c>Message</c> is its <c>error</c> text.</summary>
internal sealed class ApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public int ExitCode => Status switch
    {
        HttpStatusCode.NotFound => ExitCodes.NotFound,
        HttpStatusCode.BadRequest => ExitCodes.Usage,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Refused,
        _ => ExitCodes.Failed,
    };
}
