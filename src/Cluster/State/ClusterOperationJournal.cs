using System.Globalization;
using System.Text.Json;
using Gravity.Cluster.Etcd;
using Gravity.Cluster.Plans;

namespace Gravity.Cluster.State;

/// <summary>
/// An operation's journal written to the node's own database first and then to etcd (/gravity/operations/ID/...), so
/// `gravity plan` on any master shows the states of an operation that runs on another node. The local journal wins:
/// while etcd cannot be written (a joining node before its etcd runs, etcd down) changes stay local, and every later
/// write sends etcd whatever of the local log it lacks. The operation's configuration (it may hold tokens) stays local.
/// </summary>
public sealed class ClusterOperationJournal(IOperationJournal local, OperationRecord operation, OperationPlan plan, Func<IClusterStore> etcdFactory) : IOperationJournal
{
    public const string Prefix = "/gravity/operations/";
    /// <summary>The records apart from plans and changes, so that finding the operations in progress reads records only.</summary>
    public const string RecordsPrefix = "/gravity/operation-records/";

    // How many changes etcd holds, known after the first write that reached it; null: ask etcd.
    private int? _published;

    public static string RecordKey(string id) => $"{RecordsPrefix}{id}";
    public static string PlanKey(string id) => $"{Prefix}{id}/plan";
    public static string ChangesPrefix(string id) => $"{Prefix}{id}/changes/";

    public async Task AppendAsync(PhaseChange change, CancellationToken ct = default)
    {
        await local.AppendAsync(change, ct);
        await PublishAsync(OperationState.InProgress, null, ct);
    }

    public Task<IReadOnlyList<PhaseChange>> ReadAsync(CancellationToken ct = default) => local.ReadAsync(ct);

    public async Task SetOutcomeAsync(OperationOutcome outcome, string? error, CancellationToken ct = default)
    {
        await local.SetOutcomeAsync(outcome, error, ct);
        await PublishAsync(outcome == OperationOutcome.Completed ? OperationState.Completed : OperationState.Failed, error, ct);
    }

    private async Task PublishAsync(OperationState state, string? error, CancellationToken ct)
    {
        try
        {
            using var etcd = etcdFactory();
            var changes = await local.ReadAsync(ct);
            var published = _published ?? (await etcd.GetPrefixAsync(ChangesPrefix(operation.Id), ct)).Count;
            if (published == 0) await etcd.PutAsync(PlanKey(operation.Id), JsonSerializer.Serialize(plan, PlanJson.Options), ct);
            for (var i = published; i < changes.Count; i++)
            {
                await etcd.PutAsync(ChangesPrefix(operation.Id) + i.ToString("D6", CultureInfo.InvariantCulture), JsonSerializer.Serialize(changes[i], PlanJson.Options), ct);
                _published = i + 1;
            }
            _published = Math.Max(published, _published ?? 0);
            var record = operation with { State = state, Error = error, Updated = DateTimeOffset.UtcNow, Config = "" };
            await etcd.PutAsync(RecordKey(operation.Id), JsonSerializer.Serialize(record, PlanJson.Options), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The local journal holds the change; the next write that reaches etcd sends it (asking etcd again what it has).
            _published = null;
        }
    }

    /// <summary>The operations recorded in etcd that are still in progress, newest first, with their plans and changes.</summary>
    public static async Task<IReadOnlyList<(OperationRecord Operation, OperationPlan Plan, IReadOnlyList<PhaseChange> Changes)>> InProgressAsync(IClusterStore etcd, CancellationToken ct)
    {
        var result = new List<(OperationRecord Operation, OperationPlan Plan, IReadOnlyList<PhaseChange> Changes)>();
        foreach (var kv in await etcd.GetPrefixAsync(RecordsPrefix, ct))
        {
            var record = JsonSerializer.Deserialize<OperationRecord>(kv.Value, PlanJson.Options);
            if (record is not { State: OperationState.InProgress }) continue;
            var planKv = await etcd.GetAsync(PlanKey(record.Id), ct);
            if (planKv is null) continue;
            var plan = JsonSerializer.Deserialize<OperationPlan>(planKv.Value, PlanJson.Options)!;
            var changes = (await etcd.GetPrefixAsync(ChangesPrefix(record.Id), ct))
                .Select(c => JsonSerializer.Deserialize<PhaseChange>(c.Value, PlanJson.Options)!).ToList();
            result.Add((record, plan, changes));
        }
        return result.OrderByDescending(r => r.Operation.Created).ToList();
    }
}
