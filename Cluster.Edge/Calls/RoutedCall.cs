using Cluster.Edge.Pipeline;
using Cluster.Grains.Calls;
using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Calls;

/// <summary>
/// One INVITE being routed on this edge: the customer's transaction, the call's grain and the values every attempt uses
/// (our Contact towards the customer, on the customer's transport).
/// </summary>
internal sealed record RoutedCall(
    SipRequestContext Request,
    MappingGateway Customer,
    ICallGrain Grain,
    string Id,
    string Caller,
    string Number,
    string CustomerContact,
    byte[] OurTag,
    PendingCall Routing);
