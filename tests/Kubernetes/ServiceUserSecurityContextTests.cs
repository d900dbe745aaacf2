using System.Text.Json.Nodes;
using Gravity.Kubernetes;

namespace Gravity.Kubernetes.Tests;

/// <summary>The guide's `runAsUser: -1`: the service user's uid in every securityContext, at any depth and in any kind.</summary>
public sealed class ServiceUserSecurityContextTests
{
    [Fact]
    public void Pod_and_container_contexts_in_templates_of_any_depth_get_the_service_uid_and_nothing_else_changes()
    {
        var cronJob = JsonNode.Parse("""
            {"kind":"CronJob","spec":{"jobTemplate":{"spec":{"template":{"spec":{
              "securityContext":{"runAsUser":-1,"fsGroup":-1},
              "initContainers":[{"name":"i","securityContext":{"runAsUser":-1}}],
              "containers":[{"name":"a","securityContext":{"runAsUser":-1}},{"name":"b","securityContext":{"runAsUser":0}},{"name":"c","env":[{"name":"runAsUser","value":"-1"}]}]}}}}}}
            """)!;

        ServiceUserSecurityContext.Apply(cronJob, 1234).Should().Be(3);

        var spec = cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!;
        ((int)spec["securityContext"]!["runAsUser"]!).Should().Be(1234);
        ((int)spec["securityContext"]!["fsGroup"]!).Should().Be(-1, "only runAsUser has the rule");
        ((int)spec["initContainers"]![0]!["securityContext"]!["runAsUser"]!).Should().Be(1234);
        ((int)spec["containers"]![0]!["securityContext"]!["runAsUser"]!).Should().Be(1234);
        ((int)spec["containers"]![1]!["securityContext"]!["runAsUser"]!).Should().Be(0, "an explicit uid stays");
        ((string)spec["containers"]![2]!["env"]![0]!["value"]!).Should().Be("-1", "outside a securityContext nothing is rewritten");
    }
}
