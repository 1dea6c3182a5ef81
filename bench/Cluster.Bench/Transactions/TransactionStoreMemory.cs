using System.Diagnostics;
using System.Text;
using Cluster.Edge.Transactions;

namespace Cluster.Bench.Transactions;

/// <summary>
/// Fills the server transaction store as 10,000 transactions/s over Timer J (32 s) would, with
/// realistic keys and final responses, and reports managed bytes per transaction and in total.
/// </summary>
internal static class TransactionStoreMemory
{
    public static void Run(string[] args)
    {
        var perSecond = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var total = perSecond * 32;

        // A 200 OK to a REGISTER as the edge will send it: two Vias, tags, one Contact, Expires.
        var response = Encoding.ASCII.GetBytes(
            "SIP/2.0 200 OK\r\n" +
            "Via: SIP/2.0/UDP 198.51.100.23:5060;branch=z9hG4bK-524287-1---77a5cbe9e63b3e16;rport=5060;received=198.51.100.23\r\n" +
            "From: <sip:10042@sip.example.net>;tag=4fe1c0b2\r\n" +
            "To: <sip:10042@sip.example.net>;tag=edge-3a8f0c21\r\n" +
            "Call-ID: 5c2d9a7e0f1b4c3d8e6f7a9b0c1d2e3f@198.51.100.23\r\n" +
            "CSeq: 2 REGISTER\r\n" +
            "Contact: <sip:10042@198.51.100.23:5060;transport=udp>;expires=3600\r\n" +
            "Content-Length: 0\r\n\r\n");

        var store = new ServerTransactionStore(capacity: total + 1);
        var keys = new byte[total][];
        for (var i = 0; i < total; i++)
        {
            keys[i] = Encoding.ASCII.GetBytes($"z9hG4bK-524287-1---{i:x16}|198.51.100.{i % 250}:5060|REGISTER");
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var now = i * 1000L / perSecond;
            store.Begin(keys[i], now, out _);
            store.Complete(keys[i], response, now);
        }

        var elapsed = clock.Elapsed;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        // The keys array above is the benchmark's own; the store copies each key, so subtract nothing.
        var perTransaction = (after - before) / (double)total;
        Console.WriteLine($"transactions stored        {store.Count:N0} ({perSecond:N0}/s over 32 s)");
        Console.WriteLine($"response bytes each        {response.Length}");
        Console.WriteLine($"managed bytes each         {perTransaction:N0}");
        Console.WriteLine($"managed total              {(after - before) / 1048576.0:N1} MiB (target < 256 MiB)");
        Console.WriteLine($"store's own estimate       {store.ApproximateBytes / 1048576.0:N1} MiB");
        Console.WriteLine($"insert rate                {total / elapsed.TotalSeconds:N0} transactions/s on one thread");
        GC.KeepAlive(store);
    }
}
