using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gravity.Core.Processes;
using Gravity.Kubernetes;
using Gravity.Testing;
using Gravity.Testing.Kubernetes;

// Applying an application's resources: /app's ResourceApplier (server-side apply, field manager gravity) against
// `kubectl apply --server-side` of the same file, each into its own fresh Kubernetes API server test double, first
// the creation of every object, then a second apply that changes nothing. Prints seconds and kubectl/ours ratios.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
using var dir = new TempDir("bench-kube-apply");
var file = dir.Combine("resources.yaml");
File.WriteAllText(file, Resources(count));
var objects = ApplicationObjectReader.Read(File.ReadAllText(file), "resources.yaml");
Console.WriteLine($"{objects.Count} objects ({count} requested) in {new FileInfo(file).Length / 1024} KiB of YAML; {runs} runs each, medians");

var kubectlStart = new List<double>();
var ours = new List<(double Create, double Again)>();
var theirs = new List<(double Create, double Again)>();
for (var run = 0; run < runs; run++)
{
    ours.Add(await OursAsync());
    theirs.Add(await KubectlAsync());
    var sw = Stopwatch.StartNew();
    await ProcessRunner.RunAsync(KubernetesTools.KubectlPath, ["version", "--client"], timeout: TimeSpan.FromMinutes(1));
    kubectlStart.Add(sw.Elapsed.TotalSeconds);
}
double Median(IEnumerable<double> xs) { var s = xs.Order().ToList(); return s[s.Count / 2]; }
var (oc, oa, kc, ka) = (Median(ours.Select(o => o.Create)), Median(ours.Select(o => o.Again)), Median(theirs.Select(o => o.Create)), Median(theirs.Select(o => o.Again)));
Console.WriteLine($"create: ours {oc:F3} s, kubectl {kc:F3} s ({kc / oc:F2}x)");
Console.WriteLine($"again:  ours {oa:F3} s, kubectl {ka:F3} s ({ka / oa:F2}x)");
Console.WriteLine($"kubectl start-up (version --client): {Median(kubectlStart):F3} s");
Console.WriteLine($"runs: ours {string.Join(" ", ours.Select(o => $"{o.Create:F2}/{o.Again:F2}"))}; kubectl {string.Join(" ", theirs.Select(o => $"{o.Create:F2}/{o.Again:F2}"))}");

async Task<(double, double)> OursAsync()
{
    await using var api = await KubernetesApiServerTestDouble.StartAsync();
    var kubeconfig = api.WriteKubeconfig(dir.Combine($"ours-{Guid.NewGuid():N}"));
    var times = new double[2];
    for (var i = 0; i < 2; i++)
    {
        var sw = Stopwatch.StartNew();
        using var connection = KubernetesApiConnection.FromKubeconfig(kubeconfig);
        var read = ApplicationObjectReader.Read(await File.ReadAllTextAsync(file), "resources.yaml");
        await new ResourceApplier(connection, TimeProvider.System).ApplyAsync(read, 1000);
        times[i] = sw.Elapsed.TotalSeconds;
    }
    return (times[0], times[1]);
}

async Task<(double, double)> KubectlAsync()
{
    await using var api = await KubernetesApiServerTestDouble.StartAsync();
    var kubeconfig = api.WriteKubeconfig(dir.Combine($"kubectl-{Guid.NewGuid():N}"));
    var home = Directory.CreateTempSubdirectory("bench-kubectl-home-");
    var times = new double[2];
    try
    {
        for (var i = 0; i < 2; i++)
        {
            var sw = Stopwatch.StartNew();
            // No client-side validation (the double serves no OpenAPI schemas; ours does not validate either).
            var result = await ProcessRunner.RunAsync(KubernetesTools.KubectlPath,
                ["--kubeconfig", kubeconfig, "apply", "--server-side", "--field-manager=bench", "--validate=false", "-f", file],
                environment: new Dictionary<string, string?> { ["HOME"] = home.FullName, ["KUBECACHEDIR"] = Path.Combine(home.FullName, "cache") },
                timeout: TimeSpan.FromMinutes(10));
            times[i] = sw.Elapsed.TotalSeconds;
            if (!result.Succeeded) throw new InvalidOperationException($"kubectl apply failed: {result.Combined}");
        }
    }
    finally
    {
        home.Delete(recursive: true);
    }
    return (times[0], times[1]);
}

static string Resources(int count)
{
    // Namespaces first (kubectl applies in file order), then ConfigMaps, Services and Deployments in equal parts.
    const int namespaces = 5;
    var sb = new StringBuilder();
    for (var n = 0; n < namespaces; n++) sb.Append(CultureInfo.InvariantCulture, $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: bench-{n}}}\n---\n");
    var rest = Math.Max(0, count - namespaces);
    for (var i = 0; i < rest; i++)
    {
        var ns = $"bench-{i % namespaces}";
        sb.Append((i % 3) switch
        {
            0 => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings-{i}, namespace: {ns}}}\ndata: {{greeting: hello-{i}, size: \"{i}\"}}\n",
            1 => $"apiVersion: v1\nkind: Service\nmetadata: {{name: web-{i}, namespace: {ns}}}\nspec:\n  selector: {{app: web-{i}}}\n  ports: [{{port: 80, targetPort: 8080}}]\n",
            _ => $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web-{i}, namespace: {ns}}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: web-{i}}}}}\n  template:\n    metadata: {{labels: {{app: web-{i}}}}}\n    spec:\n      securityContext: {{runAsUser: -1}}\n      containers:\n        - name: web\n          image: leader.telekube.local:5000/web:{i}\n          ports: [{{containerPort: 8080}}]\n",
        });
        sb.Append("---\n");
    }
    return sb.ToString();
}
