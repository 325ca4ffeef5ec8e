using System.Security.Cryptography;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// The dev fleet's switch credential: a fresh bearer value per run, written to a file that the edge nodes' equipment
/// entries name (as a real deployment names a mounted secret) and that the simulated switches demand.
/// </summary>
internal sealed class EquipmentCredentialFile(string path)
{
    public string Path { get; } = path;

    public string Value { get; } = "Bearer " + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>Whether the file holds this run's value (a file left by an earlier run over the same data folder does not).</summary>
    public bool IsCurrent => File.Exists(Path) && File.ReadAllText(Path) == Value;

    public void Write()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, Value);
    }
}
