using Cluster.Bench.Transactions;

// `transactions-memory` measures the retransmission store; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "transactions-memory")
{
    TransactionStoreMemory.Run(args.Skip(1).ToArray());
    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(TransactionStoreMemory).Assembly).Run(args);
