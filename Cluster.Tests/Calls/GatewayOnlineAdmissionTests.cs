using Cluster.Grains;
using Cluster.Tests.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Calls;

/// <summary>The routing gateway's admission turn that skips a gateway OPTIONS probes took offline.</summary>
public sealed class GatewayOnlineAdmissionTests(RedisServer redis) : GrainTestBase(redis)
{
    [Fact]
    public async Task Probes_take_a_gateway_offline_for_routing_and_back_while_plain_admission_is_unchanged()
    {
        var gateway = Factory.GetGatewayGrain(FreshName("vendor"));
        Assert.Equal(GatewayAdmission.Admitted, (await gateway.AdmitOnlineAsync("never-probed", T0)).Decision);

        for (var i = 1; i <= 3; i++)
        {
            await gateway.ProbeResultAsync(false, TimeSpan.Zero, T0.AddSeconds(i));
        }

        var refused = await gateway.AdmitOnlineAsync("while-offline", T0.AddSeconds(4));
        Assert.Equal(GatewayAdmission.Offline, refused.Decision);
        Assert.False(refused.HasLine);
        Assert.Equal(GatewayAdmission.Admitted, (await gateway.AdmitAsync("plain", T0.AddSeconds(4))).Decision);

        await gateway.ProbeResultAsync(true, TimeSpan.FromMilliseconds(3), T0.AddSeconds(5));
        Assert.Equal(GatewayAdmission.Offline, (await gateway.AdmitOnlineAsync("one-answer", T0.AddSeconds(5))).Decision);
        await gateway.ProbeResultAsync(true, TimeSpan.FromMilliseconds(3), T0.AddSeconds(6));
        Assert.Equal(GatewayAdmission.Admitted, (await gateway.AdmitOnlineAsync("back", T0.AddSeconds(6))).Decision);
    }
}
