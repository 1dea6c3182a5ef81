namespace Cluster.Grains; internal static class Placeholder {}
