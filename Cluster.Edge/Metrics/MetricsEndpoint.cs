using System.Net;
using System.Text;
using Cluster.Edge.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Metrics;

/// <summary>
/// <c>GET /metrics</c> (Prometheus text 0.0.4) and <c>GET /healthz</c> on a Kestrel slim host. Kept apart from
/// the SIP sockets: scraping never shares a thread or a buffer with signalling.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    public const string PrometheusContentType = "text/plain; version=0.0.4";

    private readonly IPEndPoint _requested;
    private readonly EdgeMetrics _metrics;
    private WebApplication? _app;

    public MetricsEndpoint(IPEndPoint endPoint, EdgeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(metrics);
        _requested = endPoint;
        _metrics = metrics;
    }

    /// <summary>The address actually bound (the real port when 0 was asked). Valid after <see cref="StartAsync"/>.</summary>
    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.None, 0);

    /// <summary>Binds and starts serving; throws <see cref="IOException"/> when the address cannot be bound.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Only problems are worth a line: a scrape every few seconds must not flood the log.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton<IHostLifetime, ExternallyOwnedLifetime>();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(_requested);
        });

        var app = builder.Build();
        app.MapGet("/metrics", WriteMetricsAsync);
        app.MapGet("/healthz", static context =>
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("ok\n");
        });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        LocalEndPoint = bound is not null && Uri.TryCreate(bound, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.Host, out var ip)
            ? new IPEndPoint(ip, uri.Port)
            : _requested;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private Task WriteMetricsAsync(HttpContext context)
    {
        var text = new StringBuilder(4096);
        _metrics.WritePrometheus(text);
        context.Response.ContentType = PrometheusContentType;
        return context.Response.WriteAsync(text.ToString(), Encoding.UTF8);
    }
}
