using System.Globalization;
using Dapper;
using Gravity.Cluster.Plans;
using Gravity.Core;

namespace Gravity.Cluster.State;

/// <summary>Operations, their immutable plans and append-only change logs, in the node-local database.</summary>
public sealed class OperationStore(LocalDatabase database, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public OperationStore(string stateDir) : this(new LocalDatabase(stateDir)) { }

    public LocalDatabase Database => database;

    public async Task CreateAsync(OperationRecord operation, OperationPlan plan, CancellationToken ct = default)
    {
        await database.UseAsync(c => c.ExecuteAsync(
            "INSERT INTO operations(id, type, state, cluster, created, updated, error, plan, config) VALUES (@Id, @Type, @State, @Cluster, @Created, @Updated, @Error, @Plan, @Config)",
            new
            {
                operation.Id, operation.Type, State = operation.State.ToString(), Cluster = operation.ClusterName,
                Created = Text(operation.Created), Updated = Text(operation.Updated), operation.Error,
                Plan = PlanJson.Serialize(plan), operation.Config,
            }), ct);
    }

    public async Task<OperationRecord?> GetAsync(string id, CancellationToken ct = default)
    {
        var row = await database.UseAsync(c => c.QuerySingleOrDefaultAsync<OperationRow>("SELECT * FROM operations WHERE id = @id", new { id }), ct);
        return row?.ToRecord();
    }

    /// <summary>All operations, newest first.</summary>
    public async Task<IReadOnlyList<OperationRecord>> ListAsync(CancellationToken ct = default)
    {
        var rows = await database.UseAsync(c => c.QueryAsync<OperationRow>("SELECT * FROM operations ORDER BY created DESC, rowid DESC"), ct);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>The operation `gravity plan` works on: the one in progress, else the most recent.</summary>
    public async Task<OperationRecord?> GetCurrentAsync(CancellationToken ct = default)
    {
        var all = await ListAsync(ct);
        return all.FirstOrDefault(o => o.State == OperationState.InProgress) ?? all.FirstOrDefault();
    }

    public async Task<OperationPlan> GetPlanAsync(string operationId, CancellationToken ct = default)
    {
        var json = await database.UseAsync(c => c.QuerySingleOrDefaultAsync<string>("SELECT plan FROM operations WHERE id = @operationId", new { operationId }), ct)
            ?? throw new GravityException($"no operation {operationId} in {database.Path_}");
        return PlanJson.Deserialize(json);
    }

    public async Task AppendChangeAsync(string operationId, PhaseChange change, CancellationToken ct = default)
    {
        await database.UseAsync(c => c.ExecuteAsync(
            "INSERT INTO plan_changes(operation_id, phase_id, state, error, created) VALUES (@operationId, @PhaseId, @State, @Error, @Created)",
            new { operationId, change.PhaseId, State = change.State.ToString(), change.Error, Created = Text(change.Timestamp) }), ct);
    }

    public async Task<IReadOnlyList<PhaseChange>> ListChangesAsync(string operationId, CancellationToken ct = default)
    {
        var rows = await database.UseAsync(c => c.QueryAsync<ChangeRow>(
            "SELECT phase_id AS PhaseId, state AS State, error AS Error, created AS Created FROM plan_changes WHERE operation_id = @operationId ORDER BY seq",
            new { operationId }), ct);
        return rows.Select(r => new PhaseChange(r.PhaseId, Enum.Parse<PhaseState>(r.State), r.Error, Parse(r.Created))).ToList();
    }

    public async Task SetStateAsync(string operationId, OperationState state, string? error, CancellationToken ct = default)
    {
        await database.UseAsync(c => c.ExecuteAsync("UPDATE operations SET state = @State, error = @error, updated = @Updated WHERE id = @operationId",
            new { operationId, State = state.ToString(), error, Updated = Text(_clock.GetUtcNow()) }), ct);
    }

    /// <summary>Replaces an operation's configuration (only `gravity start --advertise-addr` does, for the install).</summary>
    public async Task UpdateConfigAsync(string operationId, string config, CancellationToken ct = default)
    {
        await database.UseAsync(c => c.ExecuteAsync("UPDATE operations SET config = @config, updated = @Updated WHERE id = @operationId",
            new { operationId, config, Updated = Text(_clock.GetUtcNow()) }), ct);
    }

    /// <summary>The journal the plan engine writes for one operation.</summary>
    public IOperationJournal JournalFor(string operationId) => new Journal(this, operationId);

    private static string Text(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string t) => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private sealed class Journal(OperationStore store, string operationId) : IOperationJournal
    {
        public Task AppendAsync(PhaseChange change, CancellationToken ct = default) => store.AppendChangeAsync(operationId, change, ct);
        public Task<IReadOnlyList<PhaseChange>> ReadAsync(CancellationToken ct = default) => store.ListChangesAsync(operationId, ct);
        public Task SetOutcomeAsync(OperationOutcome outcome, string? error, CancellationToken ct = default) =>
            store.SetStateAsync(operationId, outcome == OperationOutcome.Completed ? OperationState.Completed : OperationState.Failed, error, ct);
    }

    private sealed class OperationRow
    {
        public string id { get; set; } = "";
        public string type { get; set; } = "";
        public string state { get; set; } = "";
        public string cluster { get; set; } = "";
        public string created { get; set; } = "";
        public string updated { get; set; } = "";
        public string? error { get; set; }
        public string plan { get; set; } = "";
        public string config { get; set; } = "";

        public OperationRecord ToRecord() =>
            new(id, type, Enum.Parse<OperationState>(state), cluster, Parse(created), Parse(updated), error, config);
    }

    private sealed class ChangeRow
    {
        public string PhaseId { get; set; } = "";
        public string State { get; set; } = "";
        public string? Error { get; set; }
        public string Created { get; set; } = "";
    }
}
