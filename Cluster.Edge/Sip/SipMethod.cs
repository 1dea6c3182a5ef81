namespace Cluster.Edge.Sip;

/// <summary>Methods the edge knows by name; anything else is <see cref="Unknown"/> with the raw name kept.</summary>
public enum SipMethod
{
    Unknown,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Prack,
    Subscribe,
    Notify,
    Publish,
    Info,
    Refer,
    Message,
    Update,
}
