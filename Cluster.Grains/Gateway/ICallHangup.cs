namespace Cluster.Grains;

/// <summary>
/// The silo's hang-up sender, for the mapping gateway grain's maximum-duration timer. <see cref="HangUp"/> returns at
/// once: the silo sends BYE both ways and then releases both gateways' lines through their grains.
/// </summary>
public interface ICallHangup
{
    void HangUp(AnsweredCall call);
}
