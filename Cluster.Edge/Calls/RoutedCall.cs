using Cluster.Edge.Pipeline;
using Cluster.Grains.Calls;
using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Calls;

/// <summary>One INVITE being routed on this edge: the customer's transaction, the call's grain and the values every attempt uses.</summary>
internal sealed record RoutedCall(
    SipRequestContext Request,
    MappingGateway Customer,
    ICallGrain Grain,
    string Id,
    string Caller,
    string Number,
    string EdgeHost,
    byte[] OurTag,
    PendingCall Routing);
