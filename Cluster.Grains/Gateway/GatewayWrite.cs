using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>
/// One durable write of a gateway grain, as op triples for <see cref="GatewayStore"/>'s batch script (op, member,
/// value): fenced ones (grants, answers, claims) apply only while the activation's epoch holds, removals always.
/// Done completes once the batch holding it is in Redis: true unless it was fenced and the epoch had moved on.
/// </summary>
internal sealed class GatewayWrite(bool fenced)
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Fenced { get; } = fenced;

    public List<RedisValue> Ops { get; } = new(6);

    public Task<bool> Done => _done.Task;

    public GatewayWrite Add(string op, RedisValue member, RedisValue value)
    {
        Ops.Add(op);
        Ops.Add(member);
        Ops.Add(value);
        return this;
    }

    public void Complete(bool epochHeld) => _done.TrySetResult(epochHeld || !Fenced);

    public void Fail(Exception e) => _done.TrySetException(e);
}
