using System.Net;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Calls;

/// <summary>
/// Methods a call does not carry (REFER: transfer; SUBSCRIBE, NOTIFY, PUBLISH, MESSAGE): inside a dialog they get
/// 405 with the methods we do carry, on the receive loop, with no grain call; outside one, 403 as any stranger's.
/// A transfer would let a customer send a vendor's call anywhere: refused until it is built with its own limits.
/// </summary>
internal sealed class RefusedInDialog : ISipRequestHandler
{
    private static readonly byte[] s_allow = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, PRACK\r\n"u8.ToArray();

    public bool TryAnswerAtOnce(SipMessage request, IPAddress source, long nowMs, out ImmediateAnswer answer)
    {
        answer = request.ToTag.IsEmpty
            ? ImmediateAnswer.Respond(403, "Forbidden")
            : ImmediateAnswer.Respond(405, "Method Not Allowed", s_allow);
        return true;
    }

    public ValueTask HandleAsync(SipRequestContext request)
    {
        request.Respond(405, "Method Not Allowed", s_allow);
        return ValueTask.CompletedTask;
    }
}
