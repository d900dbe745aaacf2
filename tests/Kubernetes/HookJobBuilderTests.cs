using System.Text.Json.Nodes;
using Gravity.Core;
using Gravity.Kubernetes.Hooks;

namespace Gravity.Kubernetes.Tests;

/// <summary>The Job a hook runs as: Gravity's defaults around the manifest's Job, the job's own settings winning.</summary>
public sealed class HookJobBuilderTests
{
    private static readonly HookJobContext Context = new("/var/lib/gravity/local/app/resources", "/usr/local/bin/kubectl", "/usr/local/bin/helm", 1234,
        new Dictionary<string, string> { ["GRAVITY_CLUSTER_NAME"] = "prod", ["GRAVITY_CLUSTER_FLAVOR"] = "small", ["GRAVITY_CLUSTER_PROVIDER"] = "onprem" },
        BackupDir: "/var/lib/gravity/backup");

    // The guide's install hook (manifest-reference.md "hooks").
    private const string GuideJob = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: db-seed
          namespace: default
        spec:
          template:
            metadata:
              name: db-seed
            spec:
              restartPolicy: OnFailure
              containers:
                - name: dbseed
                  image: installer-hooks:latest
                  command: ["/bin/sh", "/var/lib/gravity/resources/seed.sh"]
        """;

    [Fact]
    public void The_guides_job_gets_a_unique_name_master_scheduling_tolerations_a_deadline_mounts_and_environment()
    {
        var job = HookJobBuilder.Build("install", GuideJob, Context, randomSuffix: "x7k2p");

        ((string)job["metadata"]!["name"]!).Should().Be("db-seed-x7k2p");
        ((string)job["metadata"]!["namespace"]!).Should().Be("default", "the job names its namespace");
        ((string)job["metadata"]!["labels"]![HookJobBuilder.HookLabel]!).Should().Be("install");
        ((long)job["spec"]!["activeDeadlineSeconds"]!).Should().Be(1200);
        var pod = job["spec"]!["template"]!["spec"]!;
        ((string)pod["restartPolicy"]!).Should().Be("OnFailure");
        ((string)pod["nodeSelector"]![HookJobBuilder.MasterLabel]!).Should().Be("true");
        pod["tolerations"]!.AsArray().Select(t => (string)t!["effect"]!).Should().Equal("NoSchedule", "NoExecute");
        var container = pod["containers"]![0]!;
        ((string)container["imagePullPolicy"]!).Should().Be("IfNotPresent");
        container["volumeMounts"]!.AsArray().Select(m => ((string)m!["mountPath"]!, (bool)m["readOnly"]!)).Should().Equal(
            ("/var/lib/gravity/resources", true), ("/usr/local/bin/kubectl", true), ("/usr/local/bin/helm", true));
        pod["volumes"]!.AsArray().Select(v => (string)v!["hostPath"]!["path"]!).Should().Equal(
            "/var/lib/gravity/local/app/resources", "/usr/local/bin/kubectl", "/usr/local/bin/helm");
        container["env"]!.AsArray().Select(e => $"{e!["name"]}={e["value"]}").Should().Equal(
            "GRAVITY_SERVICE_USER=1234", "GRAVITY_CLUSTER_NAME=prod", "GRAVITY_CLUSTER_FLAVOR=small", "GRAVITY_CLUSTER_PROVIDER=onprem");
    }

    [Fact]
    public void A_hook_in_an_operation_gets_the_same_name_on_every_run_of_that_operation_and_another_in_the_next()
    {
        string Name(string operation, string hook) => (string)HookJobBuilder.Build(hook, GuideJob, Context, operationId: operation)["metadata"]!["name"]!;

        Name("op-1", "install").Should().Be(Name("op-1", "install"), "a resumed operation must find the Job its killed run created");
        Name("op-1", "install").Should().NotBe(Name("op-2", "install")).And.NotBe(Name("op-1", "postInstall")).And.MatchRegex("^db-seed-[a-z0-9]{5}$");
        ((string)HookJobBuilder.Build("install", GuideJob, Context, operationId: "op-1")["metadata"]!["annotations"]![HookJobBuilder.OperationAnnotation]!).Should().Be("op-1");
        ((string)HookJobBuilder.Build("install", GuideJob, Context)["metadata"]!["name"]!).Should().NotBe((string)HookJobBuilder.Build("install", GuideJob, Context)["metadata"]!["name"]!,
            "outside an operation every run is a new Job");
    }

    [Fact]
    public void What_the_job_sets_wins_and_backup_hooks_get_the_backup_folder()
    {
        var job = HookJobBuilder.Build("backup", """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: Backup}
            spec:
              activeDeadlineSeconds: 60
              template:
                spec:
                  nodeSelector: {disk: ssd}
                  securityContext: {runAsUser: -1}
                  containers:
                    - name: b
                      image: b:1
                      imagePullPolicy: Always
                      env: [{name: GRAVITY_CLUSTER_NAME, value: mine}]
            """, Context);

        ((string)job["metadata"]!["name"]!).Should().MatchRegex("^backup-[a-z0-9]{5}$");
        ((string)job["metadata"]!["namespace"]!).Should().Be("kube-system");
        ((long)job["spec"]!["activeDeadlineSeconds"]!).Should().Be(60);
        var pod = job["spec"]!["template"]!["spec"]!;
        ((string)pod["restartPolicy"]!).Should().Be("Never", "a Job's pod must say; Never keeps a failed hook's pod for its log");
        pod["nodeSelector"]!.AsObject().Select(p => p.Key).Should().Equal("disk");
        ((int)pod["securityContext"]!["runAsUser"]!).Should().Be(1234);
        var container = pod["containers"]![0]!;
        ((string)container["imagePullPolicy"]!).Should().Be("Always");
        container["env"]!.AsArray().Where(e => (string)e!["name"]! == "GRAVITY_CLUSTER_NAME").Select(e => (string)e!["value"]!).Should().Equal("mine");
        container["volumeMounts"]!.AsArray().Should().Contain(m => (string)m!["mountPath"]! == "/var/lib/gravity/backup" && !(bool)m["readOnly"]!);
    }

    [Fact]
    public void A_deadline_the_caller_gives_replaces_the_jobs_own()
    {
        const string job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: b}\nspec: {activeDeadlineSeconds: 60, template: {spec: {containers: [{name: b, image: b}]}}}\n";

        var given = HookJobBuilder.Build("backup", job, Context, deadline: TimeSpan.FromSeconds(90.5));
        var own = HookJobBuilder.Build("backup", job, Context);

        ((long)given["spec"]!["activeDeadlineSeconds"]!).Should().Be(91, "gravity backup --timeout wins, rounded up to whole seconds");
        ((long)own["spec"]!["activeDeadlineSeconds"]!).Should().Be(60);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n", "*expected one Kubernetes Job*")]
    [InlineData("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {}}}\n", "*has no containers*")]
    [InlineData("apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: b}\n", "*expected one Kubernetes Job*")]
    public void A_hook_that_is_not_one_job_with_containers_is_refused_naming_the_hook(string yaml, string message)
    {
        var build = () => HookJobBuilder.Build("postInstall", yaml, Context);
        build.Should().Throw<GravityException>().WithMessage(message).And.Message.Should().StartWith("hooks.postInstall.job");
    }
}
