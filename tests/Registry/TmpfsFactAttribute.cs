namespace Gravity.Registry.Tests;

/// <summary>A fact that needs root (to mount a tmpfs); skipped with that reason otherwise.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Environment.UserName != "root") Skip = "mounting a tmpfs needs root";
    }
}
