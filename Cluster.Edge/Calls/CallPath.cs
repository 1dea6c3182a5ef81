using Cluster.Edge.Calls.Callers;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Provisioning;
using Cluster.Edge.Registrar;
using Cluster.Edge.Sip;
using Cluster.Edge.Verdicts;
using Cluster.Grains;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls;

/// <summary>The call path's parts, built once per edge and registered on the pipeline.</summary>
internal sealed class CallPath
{
    private readonly InviteHandler _invites;
    private readonly InDialogHandler _inDialog;
    private readonly CancelHandler _cancels;
    private readonly ResponseRelay _responses;
    private readonly AckRouter _acks;

    private readonly ClientTransactionTable _transactions;
    private readonly IClusterGrains _grains;
    private readonly CallOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public CallPath(IClusterGrains grains, ClusterKeyRing keys, EdgeProvisioning provisioning, VerdictCache verdicts, DigestGate digest, SourceProtection protection, Vendors.VendorAddressResolver vendors, CallOptions options, TimeProvider time, EdgeMetrics metrics, ILogger logger)
    {
        var transactions = new ClientTransactionTable();
        (_transactions, _grains, _options, _time, _logger) = (transactions, grains, options, time, logger);
        var pending = new PendingCalls();
        var answers = new AnswerRetransmissions(options.Timers, time);
        var channels = Channels;
        _inDialog = new InDialogHandler(grains, provisioning, transactions, channels, options, time, metrics, logger);
        var attempts = new VendorAttempts(transactions, answers, vendors, channels, options, time, metrics, logger);
        _invites = new InviteHandler(new CallerGate(grains, keys, provisioning, verdicts, digest, protection, metrics, logger), grains, provisioning, attempts, channels, pending, _inDialog, options, time, metrics, logger);
        _cancels = new CancelHandler(pending, grains, channels, metrics);
        _responses = new ResponseRelay(transactions, metrics);
        _acks = new AckRouter(grains, answers, channels, time, metrics, logger);
        metrics.AddGauge("calls_client_transactions", "Requests this edge sent into calls' legs and waits on.", () => transactions.Count);
        metrics.AddGauge("calls_routing", "INVITEs this edge is routing.", () => pending.Count);
        metrics.AddGauge("calls_answers_unacknowledged", "Answers this edge retransmits until the customer's ACK.", () => answers.Count);
    }

    /// <summary>This edge as the call grains' sender, through <paramref name="udp"/> (its UDP socket).</summary>
    public Grains.Signalling.IEdgeSignaller SignallerFor(Transport.ISipReplyChannel udp) =>
        new Signalling.EdgeSignaller(udp, Channels, _transactions, _grains, _options, _time, _logger);

    /// <summary>The sockets the legs are reached on; told once the transports are bound (<see cref="LegChannels.Use"/>).</summary>
    public LegChannels Channels { get; } = new();

    public void Register(SipEdgePipeline pipeline)
    {
        pipeline.Handle(SipMethod.Invite, _invites);
        pipeline.Handle(SipMethod.Cancel, _cancels);
        foreach (var method in new[] { SipMethod.Bye, SipMethod.Update, SipMethod.Info, SipMethod.Prack, SipMethod.Options })
        {
            pipeline.Handle(method, _inDialog);
        }

        var refused = new RefusedInDialog();
        foreach (var method in new[] { SipMethod.Refer, SipMethod.Subscribe, SipMethod.Notify, SipMethod.Publish, SipMethod.Message })
        {
            pipeline.Handle(method, refused);
        }

        pipeline.HandleResponses(_responses);
        pipeline.HandleUnmatchedAcks(_acks);
    }
}
