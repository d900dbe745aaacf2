// The steps of `gravity upgrade --manual` and `gravity plan` for a cluster of N nodes, in-process, each timed: where
// the time of bench/upgrade-plan.sh goes (process start and etcd reads aside).
using System.Diagnostics;
using Gravity.Cluster.Operations.Upgrade;
using Gravity.Cluster.Plans;
using Gravity.Cluster.State;

var count = args.Length > 0 ? int.Parse(args[0]) : 1000;
ClusterNode Node(int i) => new($"node-{i}", $"127.3.{i / 250}.{i % 250 + 1}", "node", DateTimeOffset.UnixEpoch, "healthy", i < 3, StateDir: $"/var/lib/node-{i}");
var config = new UpgradeConfig
{
    AppName = "plan", FromVersion = "1.0.0", ToVersion = "2.0.0", HeadDigest = "sha256:00",
    Masters = Enumerable.Range(0, 3).Select(Node).ToList(), Nodes = Enumerable.Range(3, count - 3).Select(Node).ToList(),
    Initiator = "node-0", InitiatorStateDir = "/var/lib/node-0", Created = DateTimeOffset.UtcNow,
};
for (var round = 0; round < 2; round++)
{
    var sw = Stopwatch.StartNew();
    void Step(string what) { Console.WriteLine($"{what,-40} {sw.Elapsed.TotalMilliseconds,8:F0} ms"); sw.Restart(); }
    var json = config.Serialize(); UpgradeConfig.Deserialize(json); Step("config round trip");
    var plan = UpgradePlanBuilder.Build("op", config, "c"); Step($"build ({plan.Flatten().Count()} phases)");
    var planJson = PlanJson.Serialize(plan); Step($"serialize ({planJson.Length} chars)");
    plan = PlanJson.Deserialize(planJson); Step("deserialize");
    var status = PlanStatus.Fold(plan, []); Step("fold");
    var view = PlanView.From(status, "InProgress"); Step("view");
    var text = PlanTextFormatter.Format(view); Step($"format ({text.Length} chars)");
    Console.WriteLine();
}
