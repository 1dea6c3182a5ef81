using Cluster.Edge.Calls;
using System.Runtime.InteropServices;
using Cluster.Edge.Calls.Vendors;
using Cluster.Edge.Configuration;
using Cluster.Edge.Hosting;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Sip;
using Cluster.Grains.Provisioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Cluster.Edge;

/// <summary>
/// The edge process: arguments, config, transports, then one <c>edge ready ...</c> line on stdout and wait
/// for SIGINT/SIGTERM. Everything else (logs, errors) goes to stderr so stdout stays machine-readable.
/// Exit codes: 0 clean stop, 1 could not bind, 2 bad arguments or config.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var parsed = EdgeOptions.Parse(args);
        if (parsed.Options is not { } options)
        {
            Console.Error.WriteLine($"Cluster.Edge: {parsed.Error}");
            Console.Error.WriteLine(EdgeOptions.Usage);
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.Out.WriteLine(EdgeOptions.Usage);
            return 0;
        }

        EdgeSettings settings;
        try
        {
            settings = options.ConfigPath is null ? new EdgeSettings() : EdgeConfigLoader.Load(options.ConfigPath);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"Cluster.Edge: {e.Message}");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            })
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var logger = loggerFactory.CreateLogger("Cluster.Edge");
        if (options.ConfigPath is null)
        {
            HostingLog.ConfigDefaults(logger);
        }
        else
        {
            HostingLog.ConfigLoaded(logger, options.ConfigPath);
        }

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var metrics = new EdgeMetrics();
        var pipeline = new SipEdgePipeline(settings, metrics, TimeProvider.System);
        var lastFaultLog = 0L;
        pipeline.HandlerFault = e =>
        {
            // a bug: say what it was, but a flood of the same fault must not become a flood of log lines
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref lastFaultLog);
            if (now - last >= 1000 && Interlocked.CompareExchange(ref lastFaultLog, now, last) == last)
            {
                HostingLog.HandlerFault(logger, e);
            }
        };
        ClusterConnection? cluster = null;
        if (options.Redis is { } redis)
        {
            try
            {
                // Built from edge.dns_servers / edge.dns_timeout_ms; asks nothing until a vendor name is resolved.
                var vendors = VendorAddressResolver.FromSettings(settings, TimeProvider.System, loggerFactory.CreateLogger("Cluster.Edge.Vendors"));
                var calls = CallOptions.From(settings);
                cluster = await ClusterConnection.ConnectAsync(redis, options.ConfigPath, vendors, calls, metrics, TimeProvider.System, logger);
            }
            catch (ProvisioningException e)
            {
                Console.Error.WriteLine($"Cluster.Edge: {options.ConfigPath}: {e.Message}");
                return 2;
            }

            pipeline.Handle(SipMethod.Register, cluster.Registrar);
            pipeline.Guard = cluster.Guard;
            cluster.Calls.Register(pipeline);
            HostingLog.ClusterConnected(logger, redis);
        }

        using var clusterLifetime = cluster;
        await using var host = new EdgeHost(options, settings, pipeline, metrics, TimeProvider.System, loggerFactory);
        try
        {
            await host.StartAsync(stop.Token);
        }
        catch (EdgeStartException e)
        {
            Console.Error.WriteLine($"Cluster.Edge: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            // A signal during start-up: nothing was announced, nothing to drain.
            return 0;
        }

        cluster?.Listening(host.Transports.Select(t => t.LocalEndPoint));
        var udp = host.Transports.OfType<Cluster.Edge.Transport.UdpSipTransport>().FirstOrDefault()?.Channel;
        cluster?.Calls.Channels.Use(udp, host.Transports.OfType<Cluster.Edge.Transport.TcpSipTransport>().FirstOrDefault());
        if (udp is not null)
        {
            cluster?.StartSignalling(udp);
        }
        Console.Out.WriteLine(host.ReadyLine);
        Console.Out.Flush();

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await host.StopAsync();
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            // Cancel the default (immediate termination): the transports close their sockets first.
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
