using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cluster.Tests.VendorAddress;

/// <summary>Keeps every log line with its event id, for tests that say what is logged and how often.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<(int EventId, LogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Lines => _lines.ToArray();

    public int Count(int eventId) => _lines.Count(l => l.EventId == eventId);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
}
