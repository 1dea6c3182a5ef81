using Cluster.Grains.Hosting;
using Cluster.Grains;
using Cluster.Silo.Cdrs;
using Orleans.Dashboard;

namespace Cluster.Silo;

/// <summary>
/// The admin API (JSON) and /metrics. <c>/api</c> is guarded by <see cref="AdminAccess"/> (allowlist,
/// bearer token); errors are <see cref="ApiError"/> with a 4xx, or 503 when the grain host is away.
/// Every change is written to the audit log by <see cref="AdminAudit"/>.
/// </summary>
internal static class AdminApi
{
    public static void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (GrainUnavailableException e) when (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(new ApiError(e.Message));
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                // malformed JSON body, bad query number: a 400 with the framework's reason
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(new ApiError(e.Message));
            }
        });

        var access = app.Services.GetRequiredService<AdminAccess>();
        app.Use(access.InvokeAsync);

        GatewayApi.Map(app);
        AnsweredCallsApi.Map(app);
        EndpointApi.Map(app);
        SourceIpApi.Map(app);
        ParametersApi.Map(app);
        CdrApi.Map(app);

        // Orleans Dashboard (grain activations, call rates, silos): profiling runs only while someone watches it
        app.MapOrleansDashboard(routePrefix: "/dashboard");

        // readiness and liveness: this process is an active member of the cluster (it answers only once joined)
        app.MapGet("/healthz", () => Results.Text("ok\n"));

        app.MapGet("/metrics", async (SiloState state, ClusterRedis grains, IClusterGrains cluster, Cluster.Grains.Connection.GrainCallDeadline calls, ClusterCensus census, TimeProvider time) =>
            Results.Text(await SiloMetrics.RenderAsync(state, grains, cluster, calls, census, time.GetUtcNow()), "text/plain; version=0.0.4"));

        app.MapFallback((HttpContext context) => ApiResults.NotFound($"no such resource: {context.Request.Method} {context.Request.Path}"));
    }
}
