using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Clients;

/// <summary>
/// A connection to baresip's <c>ctrl_tcp</c> module: netstrings (<c>LEN:JSON,</c>) both ways. A command is
/// <c>{"command":…,"params":…,"token":…}</c> and is answered with <c>{"response":true,"ok":…,"data":…,"token":…}</c>;
/// between answers baresip pushes events (<c>{"event":true,"type":"CALL_ESTABLISHED",…}</c>), kept here in order so
/// that a test can await one.
/// </summary>
public sealed class BaresipControl : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _answers = new();
    private readonly ProcessLog _events = new("baresip's ctrl_tcp events");
    private readonly CancellationTokenSource _stop = new();
    private int _token;

    private BaresipControl(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _ = ReadAsync();
    }

    /// <summary>Events received so far: read it before an action, to await only the events that follow it.</summary>
    public int EventCount => _events.Count;

    public string Events => _events.Text;

    public static async Task<BaresipControl> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new BaresipControl(client);
    }

    /// <summary>Sends a command (e.g. <c>dial</c>, <c>hangup</c>, <c>uadel</c>) and returns baresip's answer.</summary>
    public async Task<JsonElement> CommandAsync(string command, string? parameters, TimeSpan timeout)
    {
        var token = "t" + Interlocked.Increment(ref _token).ToString(CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _answers[token] = answer;
        var request = new Dictionary<string, string> { ["command"] = command, ["token"] = token };
        if (parameters is not null)
        {
            request["params"] = parameters;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(request);
        var frame = Encoding.ASCII.GetBytes(json.Length.ToString(CultureInfo.InvariantCulture) + ":").Concat(json).Append((byte)',').ToArray();
        await _stream.WriteAsync(frame);
        try
        {
            return await answer.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"baresip did not answer '{command} {parameters}' within {timeout.TotalSeconds} s; events:\n{Events}");
        }
    }

    /// <summary>Awaits an event of <paramref name="type"/> received from index <paramref name="from"/> on (<see cref="EventCount"/>).</summary>
    public async Task<JsonElement> WaitForEventAsync(string type, int from, TimeSpan timeout)
    {
        var line = await _events.WaitForLineAsync(
            json => JsonDocument.Parse(json).RootElement.TryGetProperty("type", out var t) && t.GetString() == type,
            $"a {type} event",
            from,
            timeout);
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private async Task ReadAsync()
    {
        var reader = new BufferedStream(_stream);
        try
        {
            while (await ReadNetstringAsync(reader) is { } payload)
            {
                var message = JsonDocument.Parse(payload).RootElement.Clone();
                if (message.TryGetProperty("response", out _)
                    && message.TryGetProperty("token", out var token)
                    && _answers.TryRemove(token.GetString() ?? string.Empty, out var answer))
                {
                    answer.TrySetResult(message);
                }
                else if (message.TryGetProperty("event", out _))
                {
                    _events.Add(payload);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _events.Add(null); // baresip closed the connection (or we did): waits fail at once instead of timing out
    }

    private async Task<string?> ReadNetstringAsync(Stream reader)
    {
        var one = new byte[1];
        var length = 0;
        while (true)
        {
            if (await reader.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            if (one[0] == ':')
            {
                break;
            }

            length = (length * 10) + (one[0] - '0');
        }

        var payload = new byte[length + 1]; // the JSON and the closing comma
        await reader.ReadExactlyAsync(payload, _stop.Token);
        return Encoding.UTF8.GetString(payload, 0, length);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        _stop.Dispose();
    }
}
