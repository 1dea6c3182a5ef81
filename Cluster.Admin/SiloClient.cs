using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Cluster.Admin;

/// <summary>The admin API over HTTP: JSON in and out, errors as exceptions with the silo's message.</summary>
internal sealed class SiloClient : IDisposable
{
    private readonly HttpClient _http;

    public SiloClient(Uri silo, string? token, TimeSpan timeout)
    {
        _http = new HttpClient { BaseAddress = silo, Timeout = timeout };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Task<JsonElement> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<JsonElement> PostAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Post, path));

    public Task<JsonElement> PutJsonAsync(string path, object body) => SendAsync(new HttpRequestMessage(HttpMethod.Put, path)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    });

    private async Task<JsonElement> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            HttpResponseMessage response;
            string text;
            try
            {
                response = await _http.SendAsync(request).ConfigureAwait(false);
                text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                var why = e.InnerException is SocketException s ? s.SocketErrorCode.ToString() : e.Message;
                throw new SiloUnreachableException($"cannot reach the silo at {_http.BaseAddress}: {why}", e);
            }
            catch (TaskCanceledException e)
            {
                throw new SiloUnreachableException($"no answer from the silo at {_http.BaseAddress} within {_http.Timeout.TotalSeconds:0} s", e);
            }

            using (response)
            {
                JsonElement json;
                try
                {
                    json = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    throw new SiloUnreachableException(
                        $"{_http.BaseAddress} answered {(int)response.StatusCode} without JSON: is it a Cluster.Silo admin address?");
                }

                if (!response.IsSuccessStatusCode)
                {
                    var message = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                        ? e.GetString()!
                        : response.ReasonPhrase ?? "error";
                    throw new ApiException(response.StatusCode, message);
                }

                return json;
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
