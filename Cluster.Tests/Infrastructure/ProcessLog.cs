namespace Cluster.Tests.Infrastructure;

/// <summary>
/// The lines a process under test writes (its log), in order, and an awaitable "this line was written": the
/// signal that the process did something, instead of polling for the effect until a deadline.
/// </summary>
public sealed class ProcessLog(string process, int streams = 1)
{
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waits = [];
    private int _openStreams = streams;

    /// <summary>
    /// Lines received so far. Read it before the action whose line is awaited and pass it to
    /// <see cref="WaitForLineAsync"/>, so that an earlier, similar line cannot satisfy the wait.
    /// </summary>
    public int Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Concat(_lines.Select(line => line + Environment.NewLine));
            }
        }
    }

    /// <summary>One line from the process; null when one of its streams ended (as the Process events report it).</summary>
    public void Add(string? line)
    {
        lock (_lines)
        {
            if (line is null)
            {
                if (--_openStreams == 0)
                {
                    foreach (var (_, seen) in _waits)
                    {
                        seen.TrySetException(new InvalidOperationException($"{process} closed its output; output:\n{Text}"));
                    }

                    _waits.Clear();
                }

                return;
            }

            _lines.Add(line);
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                if (_waits[i].Match(line))
                {
                    _waits[i].Seen.TrySetResult(line);
                    _waits.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>
    /// Awaits the first line from index <paramref name="from"/> on (see <see cref="Count"/>) that
    /// <paramref name="match"/> accepts, lines already received included, and returns it. Fails with the whole
    /// output on timeout or when the process closed its output first; <paramref name="awaited"/> says what was awaited.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string awaited, int from, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            for (var i = from; i < _lines.Count; i++)
            {
                if (match(_lines[i]))
                {
                    return _lines[i];
                }
            }

            if (_openStreams == 0)
            {
                throw new InvalidOperationException($"{process} closed its output before logging {awaited}; output:\n{Text}");
            }

            _waits.Add((match, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_lines)
            {
                _waits.RemoveAll(w => w.Seen == seen);
            }

            throw new TimeoutException($"{process} did not log {awaited} within {timeout.TotalSeconds} s; output:\n{Text}");
        }
    }
}
