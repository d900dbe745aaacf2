using System.Globalization;

namespace Gravity.Preflight;

/// <summary>Sizes as the manifest writes them (decimal units: "32 GB", "50 MB/s") for messages that compare with it.</summary>
internal static class Units
{
    public static string Decimal(long bytes)
    {
        (string Unit, double Scale)[] units = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)];
        foreach (var (unit, scale) in units)
            if (bytes >= scale)
                return string.Create(CultureInfo.InvariantCulture, $"{bytes / scale:0.#} {unit}");
        return $"{bytes} B";
    }

    public static string Rate(double bytesPerSecond) => Decimal((long)bytesPerSecond) + "/s";
}
