using Gravity.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gravity.Registry.Server;

/// <summary>Removes abandoned uploads (untouched for the TTL) on a timer, so failed pushes do not fill the disk.</summary>
internal sealed class UploadCleanupService(RegistryStorage storage, RegistryServerOptions options, ILogger<UploadCleanupService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CleanupInterval);
        do
        {
            try
            {
                var removed = storage.Uploads.CleanExpired(options.UploadTtl);
                if (removed > 0) log.LogInformation("removed {Count} abandoned uploads", removed);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log.LogWarning(ex, "cleaning abandoned uploads failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
