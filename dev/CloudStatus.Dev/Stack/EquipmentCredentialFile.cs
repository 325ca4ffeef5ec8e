using System.Security.Cryptography;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// A dev fleet credential: a fresh secret per run, written to a file that the edge nodes name (as a real deployment
/// names a mounted secret). The switches' file holds the whole header value (<c>Bearer …</c>, the HTTP adapter sends
/// it verbatim); the push endpoint's file holds the bare secret (<paramref name="bare"/>), which callers present as
/// <c>Bearer {secret}</c>.
/// </summary>
internal sealed class EquipmentCredentialFile(string path, bool bare = false)
{
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public string Path { get; } = path;

    /// <summary>What the file holds.</summary>
    public string Value => bare ? _secret : Header;

    /// <summary>The <c>Authorization</c> header value that presents the secret.</summary>
    public string Header => "Bearer " + _secret;

    /// <summary>Whether the file holds this run's value (a file left by an earlier run over the same data folder does not).</summary>
    public bool IsCurrent => File.Exists(Path) && File.ReadAllText(Path) == Value;

    public void Write()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, Value);
    }
}
