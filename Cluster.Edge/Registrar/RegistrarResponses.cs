using System.Text;
using Cluster.Grains;

namespace Cluster.Edge.Registrar;

/// <summary>Header lines of registrar answers.</summary>
internal static class RegistrarResponses
{
    /// <summary>Every current binding with its remaining lifetime (RFC 3261 §10.3 step 8).</summary>
    public static byte[] Contacts(IReadOnlyList<BoundContact> bindings, DateTimeOffset now)
    {
        var text = new StringBuilder();
        foreach (var binding in bindings)
        {
            var remaining = Math.Max(0, (int)Math.Ceiling((binding.ExpiresAt - now).TotalSeconds));
            text.Append("Contact: <").Append(binding.Contact).Append(">;expires=").Append(remaining).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
