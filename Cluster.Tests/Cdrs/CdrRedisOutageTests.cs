using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Tests.Grains;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Cdrs;

/// <summary>Redis goes away under a running silo and comes back: the API says 503, the export waits and resumes by itself.</summary>
public sealed class CdrRedisOutageTests
{
    [Fact]
    public async Task While_redis_is_away_the_api_answers_503_and_the_export_logs_once_then_resumes_by_itself()
    {
        var cluster = new CdrCluster();
        await cluster.InitializeAsync();
        try
        {
            await cluster.Silo.WaitForOutputLineAsync(l => l.Contains("CDR export started", StringComparison.Ordinal), "the export to start");
            var logged = cluster.Silo.OutputLineCount;
            cluster.Redis.Stop();

            var response = await cluster.Http.GetAsync("/api/cdrs");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.StartsWith("CDRs unavailable, Redis does not answer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
            await cluster.Silo.WaitForOutputLineAsync(l => l.Contains("CDR export paused, Redis unavailable", StringComparison.Ordinal),
                "the export to say Redis is away", logged);

            cluster.Redis.Start(); // same port and AOF: the stream and its group are back
            var ended = DateTimeOffset.UtcNow;
            CdrSamples.Add(cluster.Db, CdrSamples.Answered("after-outage", ended));
            await cluster.WaitForRowAsync(cluster.FilePath(ended), "after-outage");
            await cluster.Silo.WaitForOutputLineAsync(l => l.Contains("CDR export resumed", StringComparison.Ordinal), "the export to say it resumed", logged);

            // the backoff retried many times during the outage; the log said so once
            Assert.Single(cluster.Silo.Output.Split('\n').Skip(logged), l => l.Contains("CDR export paused", StringComparison.Ordinal));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_cdr_dir_the_silo_cannot_write_stops_it_at_start_naming_the_flag()
    {
        var file = Path.GetTempFileName(); // a file where the directory should be: no user, not even root, can create it
        try
        {
            var (code, output) = await SiloProcess.RunToExitAsync(
                "--config", ProvisioningTests.RepoFile("bench/bench.yaml"), "--redis", "127.0.0.1:1", "--cdr-dir", Path.Combine(file, "cdr"));
            Assert.True(code == 2, output);
            Assert.Contains($"Cluster.Silo: --cdr-dir {Path.Combine(file, "cdr")}: the silo cannot write CDR files there", output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
