Console.WriteLine("Cluster.Edge: not wired yet");
