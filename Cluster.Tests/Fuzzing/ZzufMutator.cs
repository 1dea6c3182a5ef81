using System.Diagnostics;
using System.Globalization;

namespace Cluster.Tests.Fuzzing;

/// <summary>
/// Mutates a batch of messages with zzuf (Debian's <c>zzuf</c>) in one run: each message is laid in a slot of a
/// fixed size in one file, zzuf flips bits as <c>cat</c> reads the file, and each slot is cut back to its message's
/// length (zzuf never inserts or deletes). Deterministic for a seed, so a failing batch can be replayed.
/// </summary>
public static class ZzufMutator
{
    public static async Task<List<byte[]>> MutateAsync(IReadOnlyList<byte[]> messages, int seed, double ratio, bool protectLineEnds)
    {
        int slot = messages.Max(m => m.Length) + 16;
        var file = Path.Combine(Path.GetTempPath(), $"zzuf-{Environment.ProcessId}-{seed}.sip");
        var laid = new byte[slot * messages.Count];
        laid.AsSpan().Fill((byte)'x');
        for (int i = 0; i < messages.Count; i++)
        {
            messages[i].CopyTo(laid, i * slot);
        }

        await File.WriteAllBytesAsync(file, laid);
        try
        {
            var info = new ProcessStartInfo("zzuf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-c", "-s", seed.ToString(CultureInfo.InvariantCulture), "-r", ratio.ToString("0.#####", CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(arg);
            }

            if (protectLineEnds)
            {
                // Keeps the line structure, so the mutations reach header values instead of breaking framing.
                info.ArgumentList.Add("-P");
                info.ArgumentList.Add("\\r\\n");
            }

            info.ArgumentList.Add("cat");
            info.ArgumentList.Add(file);
            using var zzuf = Process.Start(info) ?? throw new InvalidOperationException("could not start zzuf (apt-get install zzuf)");
            using var output = new MemoryStream();
            var copy = zzuf.StandardOutput.BaseStream.CopyToAsync(output);
            var errors = zzuf.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await Task.WhenAll(copy, zzuf.WaitForExitAsync(timeout.Token));
            var mutated = output.ToArray();
            if (zzuf.ExitCode != 0 || mutated.Length != laid.Length)
            {
                throw new InvalidOperationException($"zzuf -s {seed} -r {ratio} exited {zzuf.ExitCode} with {mutated.Length} of {laid.Length} bytes: {await errors}");
            }

            return [.. messages.Select((m, i) => mutated.AsSpan(i * slot, m.Length).ToArray())];
        }
        finally
        {
            File.Delete(file);
        }
    }
}
