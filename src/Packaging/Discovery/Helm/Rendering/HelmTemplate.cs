using Gravity.Core;
using Gravity.Core.Processes;

namespace Gravity.Packaging.Discovery.Helm.Rendering;

/// <summary>
/// One <c>helm template</c> run, the same at build time (images) and at install (the objects /app applies): the
/// request's arguments (CRDs included, the runtime's Kubernetes version), helm isolated from the user's homes and the
/// network, in a temporary folder removed afterwards.
/// </summary>
public static class HelmTemplate
{
    /// <returns>What helm printed: the chart's objects as YAML documents.</returns>
    /// <exception cref="GravityException">helm failed (its exit code and last lines) or did not finish in time.</exception>
    public static async Task<string> RunAsync(HelmExecutable helm, HelmRenderRequest request, TimeSpan timeout, CancellationToken ct)
    {
        var home = Directory.CreateTempSubdirectory("gravity-helm-");
        try
        {
            var result = await ProcessRunner.RunAsync(helm.Path, request.Arguments(), workingDirectory: home.FullName,
                environment: HelmEnvironment.Isolated(home.FullName), timeout: timeout, ct: ct).ConfigureAwait(false);
            if (result.Succeeded) return result.StdOut;
            var message = HelmOutput.Tail(result.StdErr.Length > 0 ? result.StdErr : result.StdOut);
            throw new GravityException($"exit code {result.ExitCode}: {(message.Length > 0 ? message : "(no message)")}");
        }
        catch (TimeoutException)
        {
            throw new GravityException($"helm did not finish within {timeout.TotalMinutes:0} minutes");
        }
        finally
        {
            try { home.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
