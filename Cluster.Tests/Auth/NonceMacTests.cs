using System.Security.Cryptography;
using Cluster.Edge.Auth;

namespace Cluster.Tests.Auth;

public sealed class NonceMacTests
{
    [Fact]
    public void Matches_one_shot_hmac_while_keys_rotate_through_the_cache()
    {
        byte[][] keys = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [], new byte[100]];
        var input = new byte[] { 10, 20, 30, 40 };
        var actual = new byte[NonceMac.Length];
        // Alternating and cycling keys exercises hits on both slots and evictions.
        foreach (var i in new[] { 0, 1, 0, 1, 2, 0, 2, 1, 3, 4, 4, 0 })
        {
            NonceMac.Compute(keys[i], input, actual);
            Assert.Equal(HMACSHA256.HashData(keys[i], input), actual);
        }
    }
}
