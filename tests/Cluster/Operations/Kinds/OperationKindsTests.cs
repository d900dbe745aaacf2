using System.Text.RegularExpressions;
using Gravity.Cluster.Nodes;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Core;
using Gravity.Testing;
using Gravity.Cluster.Operations.Install;

using Gravity.Cluster.Tests.Operations;

namespace Gravity.Cluster.Tests.Operations.Kinds;

/// <summary>
/// Operations are run by the kind registered for their type: a kind other than install runs through the same session
/// and engine, an unregistered type is refused naming the kinds this binary runs, and every plan says which gravity built it.
/// </summary>
public sealed class OperationKindsTests
{
    [Fact]
    public async Task A_registered_kind_other_than_install_is_built_and_run_through_the_session()
    {
        using var dir = new TempDir("op-kinds");
        var marker = dir.Combine("touched");
        var kinds = new OperationKinds().Register(new TouchOperationKind());
        var store = new OperationStore(dir.Combine("state"));
        var record = new OperationRecord("op-1", TouchOperationKind.TypeName, OperationState.InProgress, "c", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, marker);
        await store.CreateAsync(record, kinds.Get(record.Type, record.Id).BuildPlan(record));

        var session = await OperationSession.OpenAsync(store, record, new NodeRuntime(), kinds: kinds);
        var status = await session.RunAsync(engine => engine.ResumeAsync());

        status.IsCompleted.Should().BeTrue();
        File.ReadAllText(marker).Should().Be("op-1");
        (await store.GetAsync("op-1"))!.State.Should().Be(OperationState.Completed);
    }

    [Fact]
    public async Task An_operation_of_an_unregistered_type_is_refused_naming_the_kinds_this_binary_runs()
    {
        using var dir = new TempDir("op-kinds");
        var store = new OperationStore(dir.Combine("state"));
        var record = new OperationRecord("op-2", "rebalance", OperationState.InProgress, "c", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, "{}");
        await store.CreateAsync(record, new TouchOperationKind().BuildPlan(record with { Config = dir.Combine("x") }));

        var act = () => OperationSession.OpenCurrentAsync(dir.Combine("state"), new NodeRuntime());

        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should()
            .Contain("op-2").And.Contain("rebalance").And.Contain("it runs: expand, install, shrink").And.Contain(GravityVersion.Current);
    }

    [Fact]
    public void A_kind_cannot_be_registered_twice()
    {
        var act = () => new OperationKinds().Register(new TouchOperationKind()).Register(new TouchOperationKind());
        act.Should().Throw<InvalidOperationException>().WithMessage("*registered twice*");
    }

    [Fact]
    public void The_install_plan_records_the_gravity_version_of_the_one_version_setting()
    {
        var props = File.ReadAllText(Path.Combine(RepositoryRoot(), "Directory.Build.props"));
        var version = Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        version.Should().NotBeEmpty();
        GravityVersion.Current.Should().Be(version);

        var config = InstallFixture.PhaseConfig("/img", "/state", "a", "1.0.0");
        var record = new OperationRecord("op-3", OperationTypes.Install, OperationState.InProgress, "c", config.Created, config.Created, null, config.Serialize());
        var plan = OperationKinds.Default.Get(OperationTypes.Install, "op-3").BuildPlan(record);

        PlanJson.Deserialize(PlanJson.Serialize(plan)).GravityVersion.Should().Be(version);
        var text = PlanTextFormatter.Format(PlanView.From(PlanStatus.Fold(plan, []), "InProgress"));
        text.Should().Contain($"planned by gravity {version}");
    }

    [Fact]
    public void A_plan_recorded_before_versions_were_kept_reads_and_says_so()
    {
        var json = """{"operationId":"old","operationType":"install","clusterName":"c","created":"2026-11-01T00:00:00+00:00","phases":[]}""";
        var plan = PlanJson.Deserialize(json);
        plan.GravityVersion.Should().BeNull();
        PlanTextFormatter.Format(PlanView.From(PlanStatus.Fold(plan, []), "Completed")).Should().Contain("planned by gravity (unknown version)");
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", ".."));
}
