using System.Security.Cryptography;

namespace Gravity.Hub.Accounts;

/// <summary>
/// The token signing key in the data folder (mode 0600). Created once, without replacing an existing file, so that
/// several Hub processes sharing the folder all end up with the same key and accept each other's tokens.
/// </summary>
public static class SigningKeyFile
{
    public const string FileName = "token-signing.key";

    public static byte[] LoadOrCreate(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            var temp = Path.Combine(dataDir, $".{FileName}.{Guid.NewGuid():N}.tmp");
            try
            {
                using (var fs = Storage.OwnerOnlyFile.Create(temp))
                {
                    fs.Write(RandomNumberGenerator.GetBytes(32));
                    fs.Flush(flushToDisk: true);
                }
                // No overwrite: if another process won the race, its key stays and we read it below.
                try { File.Move(temp, path, overwrite: false); }
                catch (IOException) when (File.Exists(path)) { }
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
        var key = File.ReadAllBytes(path);
        if (key.Length < 32) throw new Gravity.Core.GravityException($"{path}: token signing key is too short ({key.Length} bytes); delete it to generate a new one");
        return key;
    }
}
