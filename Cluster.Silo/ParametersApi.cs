using Cluster.Grains;
using Cluster.Silo.Hosting;
using Cluster.Grains.Provisioning;

namespace Cluster.Silo;

/// <summary>
/// <c>/api/params</c>: the VOS3000 system parameters as the cluster holds them (<c>sys:{params}</c>),
/// and changing one: the silo writes the whole provisioning again and publishes
/// <c>provisioning VERSION</c>, so every edge refreshes within a second.
/// </summary>
internal static class ParametersApi
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/params", async (SiloState state, IClusterGrains grains) =>
        {
            var p = await state.GrainLatency.TimeAsync(() => grains.GetSystemParametersGrain().GetAsync());
            return Results.Ok(SystemParameterCatalog.All.Select(e => ParameterView.Of(e, p)).ToList());
        });

        app.MapGet("/api/params/{name}", async (string name, SiloState state, IClusterGrains grains) =>
        {
            if (SystemParameterCatalog.Find(name) is not { } entry)
            {
                return UnknownName(name);
            }

            var p = await state.GrainLatency.TimeAsync(() => grains.GetSystemParametersGrain().GetAsync());
            return Results.Ok(ParameterView.Of(entry, p));
        });

        app.MapPut("/api/params/{name}", async (string name, ParameterChange? change, HttpContext context, SiloState state, IClusterGrains grains, SiloPolicy policy, AdminAudit audit) =>
        {
            if (SystemParameterCatalog.Find(name) is not { } entry)
            {
                return UnknownName(name);
            }

            if (change?.Value is not { } text)
            {
                return ApiResults.BadRequest("expected a JSON body {\"value\": \"...\"}");
            }

            if (entry.Parse(text, out var error) is not { } value)
            {
                return ApiResults.BadRequest(error!);
            }

            await state.ProvisioningGate.WaitAsync();
            try
            {
                var doc = state.Provisioning;
                var before = entry.Show(doc.System);
                var updated = doc with { System = entry.With(doc.System, value) };
                var version = await ProvisioningWriter.WriteAsync(grains, updated);
                policy.Apply(updated);
                state.Provisioning = updated;
                state.ProvisioningVersion = version;
                audit.Change(context, $"set {entry.Name} from {before} to {entry.Show(updated.System)} (provisioning version {version})");
                return Results.Ok(ParameterView.Of(entry, updated.System, version));
            }
            finally
            {
                state.ProvisioningGate.Release();
            }
        });
    }

    private static IResult UnknownName(string name) =>
        ApiResults.NotFound($"no system parameter '{(name.Length > 64 ? name[..64] : name)}' (try params get for the list)");
}
