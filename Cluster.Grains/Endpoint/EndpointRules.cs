namespace Cluster.Grains;

/// <summary>
/// The endpoint (account) rules, pure: state and input in, verdict and next state out. A line-by-line port of the
/// Lua turn this replaced (<c>endpoint.lua</c>), including its quirks, so the registrar behaves as before:
/// <see cref="EndpointEntry.KeyUntilMs"/> is the old key's PX (the longest binding, an open suspension or the
/// failure memory, at least 1 s from the last change), and an entry whose key would have expired reads as none.
/// </summary>
public static class EndpointRules
{
    /// <summary>A handful of nonces live at once; a burst beyond that starts the table afresh (as the Lua turn did).</summary>
    public const int MaxSpentNonces = 32;

    /// <summary>Stores a binding, refreshes it, or removes it (Expires 0), per SS_ENDPOINT_REGISTER_REPLACE and the maximum.</summary>
    public static EndpointTurn<RegisterVerdict> Register(EndpointEntry? entry, RegisterRequest request, EndpointPolicy policy, long nowMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Contact);
        var s = Current(entry, nowMs);
        if (s.SuspendedUntilMs > nowMs)
        {
            return new(new RegisterVerdict(RegisterOutcome.Suspended, 0, 0, At(s.SuspendedUntilMs)), null);
        }

        // Digest replay protection in the same turn: a nonce-count must grow for its nonce, whichever edge the
        // request reached.
        var nonce = request.Nonce ?? string.Empty;
        if (nonce.Length > 0 && request.NonceCount <= HighestCount(s, nonce, nowMs))
        {
            return new(new RegisterVerdict(RegisterOutcome.Replayed, 0, 0, null), null);
        }

        var bindings = Live(s, nowMs);
        var cur = -1;
        for (var i = 0; i < bindings.Count; i++)
        {
            if (bindings[i].Contact == request.Contact)
            {
                cur = i;
            }
        }

        // RFC 3261 10.3 step 7: the same Call-ID needs a higher CSeq, else the request is stale
        if (cur >= 0 && bindings[cur].CallId == request.CallId && request.CSeq <= bindings[cur].CSeq)
        {
            return new(new RegisterVerdict(RegisterOutcome.OutOfOrder, bindings.Count, 0, null), null);
        }

        var expiresMs = (long)request.Expires.TotalMilliseconds;
        if (expiresMs <= 0)
        {
            if (cur >= 0)
            {
                bindings.RemoveAt(cur);
            }

            var removed = Spend(Save(s with { SuspendedUntilMs = 0, Failures = 0, LastSeenMs = nowMs }, bindings, 0, nowMs), request, nowMs);
            return new(new RegisterVerdict(RegisterOutcome.Unregistered, bindings.Count, 0, null) { Contacts = Listed(bindings) }, removed);
        }

        var b = new Binding(request.Contact, request.Source, At(nowMs + expiresMs), request.CallId, request.CSeq, request.UserAgent ?? string.Empty, At(nowMs));
        var replaced = 0;
        if (policy.RegisterReplace)
        {
            replaced = bindings.Count - (cur >= 0 ? 1 : 0);
            bindings = [b];
        }
        else if (cur >= 0)
        {
            bindings[cur] = b;
        }
        else if (bindings.Count >= policy.MaxBindings)
        {
            return new(new RegisterVerdict(RegisterOutcome.TooManyBindings, bindings.Count, 0, null), null);
        }
        else
        {
            bindings.Add(b);
        }

        var next = Spend(Save(s with { SuspendedUntilMs = 0, Failures = 0, LastSeenMs = nowMs }, bindings, 0, nowMs), request, nowMs);
        return new(new RegisterVerdict(RegisterOutcome.Registered, bindings.Count, replaced, null) { Contacts = Listed(bindings) }, next);
    }

    /// <summary>Counts a failed registration; SS_ENDPOINTREGISTERRETRY of them in a row suspend for SS_ENDPOINTREGISTERSUSPENDTIME.</summary>
    public static EndpointTurn<RegisterFailedVerdict> RegisterFailed(EndpointEntry? entry, EndpointPolicy policy, long nowMs)
    {
        var s = Current(entry, nowMs);
        if (s.SuspendedUntilMs > nowMs)
        {
            return new(new RegisterFailedVerdict(0, true, false, At(s.SuspendedUntilMs)), null);
        }

        var failures = s.Failures + 1;
        var suspendMs = (long)policy.SuspendTime.TotalMilliseconds;
        if (policy.RegisterSuspend && policy.RegisterRetry > 0 && failures >= policy.RegisterRetry)
        {
            // the count starts again after the suspension, which ends by itself
            var until = nowMs + suspendMs;
            var suspended = Save(s with { SuspendedUntilMs = until, Failures = 0 }, Live(s, nowMs), 0, nowMs);
            return new(new RegisterFailedVerdict(failures, true, true, At(until)), suspended);
        }

        // the failures are remembered as long as a suspension would last
        var counted = Save(s with { SuspendedUntilMs = 0, Failures = failures }, Live(s, nowMs), suspendMs, nowMs);
        return new(new RegisterFailedVerdict(failures, false, false, null), counted);
    }

    /// <summary>Removes the binding of <paramref name="contact"/>, or all of them when it is null. Returns how many.</summary>
    public static EndpointTurn<int> Unregister(EndpointEntry? entry, string? contact, long nowMs)
    {
        if (entry is null || !entry.Exists(nowMs))
        {
            return new(0, null);
        }

        var bindings = Live(entry, nowMs);
        var kept = contact is null ? [] : bindings.FindAll(b => b.Contact != contact);
        return new(bindings.Count - kept.Count, Save(entry, kept, 0, nowMs));
    }

    /// <summary>Records that the endpoint was heard from; never creates an entry (random users must cost nothing).</summary>
    public static EndpointTurn<bool> Keepalive(EndpointEntry? entry, long nowMs)
    {
        if (entry is null || !entry.Exists(nowMs))
        {
            return new(false, null);
        }

        return new(true, Save(entry with { LastSeenMs = nowMs }, Live(entry, nowMs), 0, nowMs));
    }

    /// <summary>Ends a suspension and forgets the failures. The caller tells every edge either way.</summary>
    public static EndpointEntry? Unsuspend(EndpointEntry? entry, long nowMs) =>
        entry is not null && entry.Exists(nowMs)
            ? Save(entry with { SuspendedUntilMs = 0, Failures = 0 }, Live(entry, nowMs), 0, nowMs)
            : null;

    /// <summary>True when a live binding was registered from <paramref name="source"/> and the endpoint is not suspended.</summary>
    public static bool IsBoundFrom(EndpointEntry? entry, string source, long nowMs)
    {
        if (entry is null || !entry.Exists(nowMs) || entry.SuspendedUntilMs > nowMs)
        {
            return false;
        }

        foreach (var b in entry.Bindings)
        {
            if (b.ExpiresAt.ToUnixTimeMilliseconds() > nowMs && b.Source == source)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What ops see; online per SS_ENDPOINTTIMETOLIVE (<see cref="EndpointFreshness"/>).</summary>
    public static EndpointState Get(string user, EndpointEntry? entry, EndpointPolicy policy, long nowMs)
    {
        var s = Current(entry, nowMs);
        var bindings = Live(s, nowMs);
        var lastSeen = s.LastSeenMs > 0 ? At(s.LastSeenMs) : (DateTimeOffset?)null;
        return new EndpointState(
            user,
            bindings,
            s.Failures,
            s.SuspendedUntilMs > nowMs ? At(s.SuspendedUntilMs) : null,
            lastSeen,
            EndpointFreshness.IsOnline(bindings.Count, lastSeen, policy.TimeToLive, At(nowMs)));
    }

    /// <summary>Bindings a call can be sent to: empty when offline or suspended.</summary>
    public static IReadOnlyList<Binding> Lookup(EndpointEntry? entry, EndpointPolicy policy, long nowMs)
    {
        var state = Get(string.Empty, entry, policy, nowMs);
        return state.Online && !state.Suspended ? state.Bindings : Array.Empty<Binding>();
    }

    /// <summary>
    /// True when <paramref name="after"/> differs from <paramref name="before"/> only in what a re-REGISTER refreshing
    /// its binding moves: that one binding's expiry (not earlier), Call-ID and CSeq (higher, when the Call-ID is the
    /// same) and registered-at, its last-seen time, key lifetime and spent nonce-counts; same contact, source and user
    /// agent, no other binding, failure or suspension changed. Such a change may reach Redis a moment later (issue 11
    /// item 5): a silo's death then loses a few seconds of expiry, never a binding.
    /// <para>
    /// A new Call-ID from the same contact and source (UAs and SIPp that open each refresh with a fresh one) is still
    /// a refresh: calls are routed by contact and source, which are unchanged, and the Call-ID only orders REGISTERs.
    /// Should the newer one be lost with a silo, the older one read back differs from whatever the phone sends next,
    /// and a differing Call-ID is accepted whatever its CSeq, so nothing the phone does is refused for it.
    /// </para>
    /// </summary>
    public static bool IsRefreshOnly(EndpointEntry? before, EndpointEntry after, long nowMs)
    {
        if (before is null || !before.Exists(nowMs) || before.SuspendedUntilMs != after.SuspendedUntilMs || before.Failures != after.Failures)
        {
            return false;
        }

        var live = Live(before, nowMs);
        if (live.Count != after.Bindings.Length)
        {
            return false;
        }

        var refreshed = 0;
        for (var i = 0; i < live.Count; i++)
        {
            Binding was = live[i], now = after.Bindings[i];
            if (was == now)
            {
                continue;
            }

            if (was.Contact != now.Contact || was.Source != now.Source || was.UserAgent != now.UserAgent
                || (now.CallId == was.CallId && now.CSeq <= was.CSeq) || now.ExpiresAt < was.ExpiresAt)
            {
                return false;
            }

            refreshed++;
        }

        return refreshed == 1;
    }

    /// <summary>The state the Lua turn read: the entry while its key would exist, else nothing but the spent nonces.</summary>
    private static EndpointEntry Current(EndpointEntry? entry, long nowMs)
    {
        if (entry is null)
        {
            return EndpointEntry.None;
        }

        return entry.Exists(nowMs) ? entry : EndpointEntry.None with { Nonces = entry.Nonces, NoncesUntilMs = entry.NoncesUntilMs };
    }

    // live bindings only; at most max-bindings of them, so O(small)
    private static List<Binding> Live(EndpointEntry s, long nowMs)
    {
        var live = new List<Binding>(s.Bindings.Length);
        foreach (var b in s.Bindings)
        {
            if (b.ExpiresAt.ToUnixTimeMilliseconds() > nowMs)
            {
                live.Add(b);
            }
        }

        return live;
    }

    // the key lives as long as its longest binding, an open suspension, or the failure memory; at least 1 s
    private static EndpointEntry Save(EndpointEntry s, List<Binding> bindings, long keepMs, long nowMs)
    {
        var latest = Math.Max(s.SuspendedUntilMs, nowMs + keepMs);
        foreach (var b in bindings)
        {
            latest = Math.Max(latest, b.ExpiresAt.ToUnixTimeMilliseconds());
        }

        return s with { Bindings = [.. bindings], KeyUntilMs = nowMs + Math.Max(latest - nowMs, 1000) };
    }

    private static long HighestCount(EndpointEntry s, string nonce, long nowMs)
    {
        if (s.NoncesUntilMs > nowMs)
        {
            foreach (var n in s.Nonces)
            {
                if (n.Nonce == nonce)
                {
                    return n.Count;
                }
            }
        }

        return -1;
    }

    // the whole table is remembered for the last nonce's remaining validity, as the Lua turn's PEXPIRE did
    private static EndpointEntry Spend(EndpointEntry s, RegisterRequest request, long nowMs)
    {
        if (string.IsNullOrEmpty(request.Nonce))
        {
            return s;
        }

        var nonces = s.NoncesUntilMs > nowMs && s.Nonces.Length < MaxSpentNonces ? s.Nonces : [];
        var at = Array.FindIndex(nonces, n => n.Nonce == request.Nonce);
        SpentNonce[] next;
        if (at >= 0)
        {
            next = (SpentNonce[])nonces.Clone();
            next[at] = new SpentNonce(request.Nonce, request.NonceCount);
        }
        else
        {
            next = [.. nonces, new SpentNonce(request.Nonce, request.NonceCount)];
        }

        var memoryMs = Math.Max(1000L, (long)request.NonceMemory.TotalMilliseconds);
        return s with { Nonces = next, NoncesUntilMs = nowMs + memoryMs };
    }

    private static IReadOnlyList<BoundContact> Listed(List<Binding> bindings)
    {
        var contacts = new BoundContact[bindings.Count];
        for (var i = 0; i < contacts.Length; i++)
        {
            contacts[i] = new BoundContact(bindings[i].Contact, bindings[i].ExpiresAt);
        }

        return contacts;
    }

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
