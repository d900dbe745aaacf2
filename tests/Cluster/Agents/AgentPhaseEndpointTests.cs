using System.Net;
using Gravity.Agent.Server;
using Gravity.Cluster.Agents;
using Gravity.Cluster.Certificates;
using Gravity.Cluster.Operations;
using Gravity.Cluster.Operations.Kinds;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;
using Gravity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Gravity.Cluster.Tests.Agents;

/// <summary>
/// Node-to-node phases over the agent API, with real TLS on loopback: node A's plan engine runs a phase of node B on B's
/// agent (messages stream back, the engine records the state); B serves only client certificates of the cluster CA and
/// only phases that name B; an agent that cannot be reached fails the phase saying how to go on.
/// </summary>
public sealed class AgentPhaseEndpointTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("agent-phases");
    private ClusterPki _a = null!, _b = null!, _stranger = null!;
    private WebApplication _agentB = null!;
    private Uri _agentBUrl = null!;

    public async Task InitializeAsync()
    {
        _a = new ClusterPki(_dir.Combine("a"));
        await _a.EnsureCertificateAuthorityAsync("c1");
        await _a.EnsureNodeCertificateAsync("node-a", "127.0.0.1");
        _b = new ClusterPki(_dir.Combine("b"));
        Directory.CreateDirectory(_b.SecretsDir);
        File.Copy(_a.CaCertPath, _b.CaCertPath);
        File.Copy(_a.CaKeyPath, _b.CaKeyPath);
        await _b.EnsureNodeCertificateAsync("node-b", "127.0.0.1");
        _stranger = new ClusterPki(_dir.Combine("stranger"));
        await _stranger.EnsureCertificateAuthorityAsync("other-cluster");
        await _stranger.EnsureNodeCertificateAsync("node-a", "127.0.0.1");

        (_agentB, _agentBUrl) = await StartAgentAsync(_b, "node-b");
    }

    public async Task DisposeAsync()
    {
        await _agentB.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_phase_of_another_node_runs_on_that_node_through_its_agent_and_reports_back()
    {
        var (operation, plan) = Operation();
        var journal = await JournalOfNodeAAsync(operation, plan);
        var events = new List<PhaseEvent>();
        var client = new AgentPhaseClient(_a.NodeTls, operation, node => node == "node-b" ? _agentBUrl : null);
        var engine = new PlanEngine(plan, journal, TouchKind.Executors(_dir.Path), new ListProgress(events), placement: new PhasePlacement("node-a", client));

        var status = await engine.ResumeAsync();

        status.IsCompleted.Should().BeTrue();
        File.ReadAllText(_dir.Combine("marker-here")).Should().Be("node-a");
        File.ReadAllText(_dir.Combine("marker-there")).Should().Be("node-b", "the phase ran in node B's agent");
        events.Should().Contain(e => e.Phase.Id == "/there" && e.Message == "touched on node-b");

        await engine.RollbackAsync("/there");
        File.Exists(_dir.Combine("marker-there")).Should().BeFalse("the rollback ran on node B too");
    }

    [Fact]
    public async Task Only_node_certificates_of_the_cluster_are_served()
    {
        var (operation, plan) = Operation();
        var there = plan.Get("/there");
        var context = new PhaseContext(plan, there, _ => { });

        // Trusts the cluster's server certificate, but presents a certificate of another cluster's CA.
        var strangerTls = _stranger.NodeTls with { CaPath = _a.CaCertPath };
        var stranger = () => new AgentPhaseClient(strangerTls, operation, _ => _agentBUrl).ExecuteAsync("node-b", context, CancellationToken.None);
        (await stranger.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("403");

        // The cluster's CA signs Kubernetes' client certificates too (the admin's kubeconfig): not a node's, refused.
        var admin = NonNodeCertificate.Issue(_a, _dir.Combine("admin"));
        var asAdmin = () => new AgentPhaseClient(admin, operation, _ => _agentBUrl).ExecuteAsync("node-b", context, CancellationToken.None);
        (await asAdmin.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("403");

        using var anonymous = new HttpClient(ClusterTrust.CreateHandler(_a.CaCertPath, null));
        var response = await anonymous.PostAsync(new Uri(_agentBUrl, AgentPhaseClient.Path), new StringContent("{}"));
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        File.Exists(_dir.Combine("marker-there")).Should().BeFalse("no refused request may run the phase");
    }

    [Fact]
    public async Task A_phase_that_names_another_node_is_refused_by_this_one()
    {
        var (operation, plan) = Operation();
        var here = plan.Get("/here");   // node-a's phase, sent to node-b

        var act = () => new AgentPhaseClient(_a.NodeTls, operation, _ => _agentBUrl).ExecuteAsync("node-b", new PhaseContext(plan, here, _ => { }), CancellationToken.None);

        (await act.Should().ThrowAsync<Core.GravityException>()).Which.Message.Should().Contain("409").And.Contain("this is node node-b");
        File.Exists(_dir.Combine("marker-here")).Should().BeFalse();
    }

    [Fact]
    public async Task An_agent_that_cannot_be_reached_fails_the_phase_saying_how_to_go_on()
    {
        var (operation, plan) = Operation();
        var journal = await JournalOfNodeAAsync(operation, plan);
        var closed = new Uri($"https://127.0.0.1:{FreePort.Next()}");
        var engine = new PlanEngine(plan, journal, TouchKind.Executors(_dir.Path), placement: new PhasePlacement("node-a", new AgentPhaseClient(_a.NodeTls, operation, _ => closed)));

        var act = () => engine.ResumeAsync();

        (await act.Should().ThrowAsync<PhaseFailedException>()).Which.Message.Should()
            .Contain("phase /there runs on node node-b").And.Contain("cannot be reached").And.Contain(closed.Authority)
            .And.Contain("gravity plan execute --phase /there` on node node-b");
        (await engine.GetStatusAsync()).StateOf("/there").Should().Be(PhaseState.Failed);
    }

    [Fact]
    public async Task Malformed_and_oversized_requests_are_refused_without_running_anything()
    {
        using var client = new HttpClient(ClusterTrust.CreateHandler(_a.CaCertPath, _a.NodeTls));
        var url = new Uri(_agentBUrl, AgentPhaseClient.Path);

        (await client.PostAsync(url, new StringContent("{\"operation\": [1, 2"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await client.PostAsync(url, new StringContent("{}"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var deep = new string('[', 10_000) + new string(']', 10_000);
        (await client.PostAsync(url, new StringContent("{\"plan\":" + deep + "}"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var huge = new StreamContent(new MemoryStream(new byte[PhaseEndpoint.MaxRequestBytes + 1]));
        (await client.PostAsync(url, huge)).StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        File.Exists(_dir.Combine("marker-there")).Should().BeFalse();
    }

    /// <summary>The operation in node A's real local database, and its journal.</summary>
    private async Task<IOperationJournal> JournalOfNodeAAsync(OperationRecord operation, OperationPlan plan)
    {
        var store = new OperationStore(_dir.Combine("a-state"));
        await store.CreateAsync(operation, plan);
        return store.JournalFor(operation.Id);
    }

    private (OperationRecord, OperationPlan) Operation()
    {
        var record = new OperationRecord("op-ab", TouchKind.TypeName, OperationState.InProgress, "c1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, _dir.Path);
        return (record, TouchKind.Plan(record));
    }

    private async Task<(WebApplication, Uri)> StartAgentAsync(ClusterPki pki, string nodeName)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var certificate = pki.LoadNodeCertificate();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(AgentTls.Options(certificate))));
            var app = builder.Build();
            PhaseEndpoint.Map(app, nodeName, pki.LoadCaCertificate(), new OperationKinds().Register(new TouchKind(nodeName)), new NodeRuntime());
            try
            {
                await app.StartAsync();
                return (app, new Uri($"https://127.0.0.1:{port}"));
            }
            catch (IOException) when (attempt < 5)
            {
                await app.DisposeAsync();   // the port was taken meanwhile: another one
            }
        }
    }

    /// <summary>A kind whose phases write "marker-PHASE" (holding the node they ran on) into the folder its record names.</summary>
    private sealed class TouchKind(string node = "node-a") : IOperationKind
    {
        public const string TypeName = "touch-nodes";
        public string Type => TypeName;

        public static OperationPlan Plan(OperationRecord operation) => new()
        {
            OperationId = operation.Id, OperationType = TypeName, ClusterName = operation.ClusterName, Created = operation.Created,
            Phases =
            [
                new Phase { Id = "/here", Description = "on node A", Node = "node-a", Executor = "touch" },
                new Phase { Id = "/there", Description = "on node B", Node = "node-b", Executor = "touch", Requires = ["/here"] },
            ],
        };

        public OperationPlan BuildPlan(OperationRecord operation) => Plan(operation);

        public PhaseExecutorRegistry CreateExecutors(OperationRecord operation, INodeRuntime runtime, UnpackedClusterImage? image = null)
            => new PhaseExecutorRegistry().Register("touch", new Touch(operation.Config, node));

        public static PhaseExecutorRegistry Executors(string folder) => new PhaseExecutorRegistry().Register("touch", new Touch(folder, "node-a"));

        private sealed class Touch(string folder, string node) : IPhaseExecutor
        {
            private string Marker(PhaseContext c) => Path.Combine(folder, "marker-" + c.Phase.Id.TrimStart('/'));

            public Task ExecuteAsync(PhaseContext context, CancellationToken ct)
            {
                context.Log($"touched on {node}");
                return File.WriteAllTextAsync(Marker(context), node, ct);
            }

            public Task RollbackAsync(PhaseContext context, CancellationToken ct)
            {
                File.Delete(Marker(context));
                return Task.CompletedTask;
            }
        }
    }

    private sealed class ListProgress(List<PhaseEvent> events) : IProgress<PhaseEvent>
    {
        public void Report(PhaseEvent value) { lock (events) events.Add(value); }
    }
}
