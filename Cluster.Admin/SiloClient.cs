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

    /// <summary>GET of a text answer (CSV): the body as is on success; errors are the silo's JSON as for every call.</summary>
    public async Task<string> GetTextAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var (response, text) = await ExchangeAsync(request).ConfigureAwait(false);
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw Error(response, Parse(response, text));
            }

            return text;
        }
    }

    public Task<JsonElement> PostAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Post, path));

    public Task<JsonElement> PutJsonAsync(string path, object body) => SendAsync(new HttpRequestMessage(HttpMethod.Put, path)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    });

    private async Task<JsonElement> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var (response, text) = await ExchangeAsync(request).ConfigureAwait(false);
            using (response)
            {
                var json = Parse(response, text);
                if (!response.IsSuccessStatusCode)
                {
                    throw Error(response, json);
                }

                return json;
            }
        }
    }

    private async Task<(HttpResponseMessage Response, string Text)> ExchangeAsync(HttpRequestMessage request)
    {
        try
        {
            var response = await _http.SendAsync(request).ConfigureAwait(false);
            return (response, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
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
    }

    private JsonElement Parse(HttpResponseMessage response, string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new SiloUnreachableException(
                $"{_http.BaseAddress} answered {(int)response.StatusCode} without JSON: is it a Cluster.Silo admin address?");
        }
    }

    private static ApiException Error(HttpResponseMessage response, JsonElement json)
    {
        var message = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : response.ReasonPhrase ?? "error";
        return new ApiException(response.StatusCode, message);
    }

    public void Dispose() => _http.Dispose();
}
