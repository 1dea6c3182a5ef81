using System.Globalization;
using Cluster.Grains;

namespace Cluster.Silo;

/// <summary>
/// One settable system parameter: readable name, VOS3000 SS_* name (empty when it has none),
/// and how to read, validate and change it. Ranges are the provisioning loader's.
/// </summary>
internal sealed record SystemParameterEntry(
    string Name,
    string SsName,
    bool IsSwitch,
    int Min,
    int Max,
    Func<SystemParameters, int> Get,
    Func<SystemParameters, int, SystemParameters> With)
{
    /// <summary>The value as ops write it: on/off for switches, the number otherwise.</summary>
    public string Show(SystemParameters p) => IsSwitch
        ? (Get(p) == 1 ? "on" : "off")
        : Get(p).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> when it is not a valid value.</summary>
    public int? Parse(string text, out string? error)
    {
        error = null;
        var t = text.Trim().ToLowerInvariant();
        if (IsSwitch)
        {
            switch (t)
            {
                case "on" or "true" or "1" or "yes":
                    return 1;
                case "off" or "false" or "0" or "no":
                    return 0;
                default:
                    error = $"{Name}: expected on or off, got '{text}'";
                    return null;
            }
        }

        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= Min && n <= Max)
        {
            return n;
        }

        error = $"{Name}: expected a whole number {Min}-{Max}, got '{text}'";
        return null;
    }
}
