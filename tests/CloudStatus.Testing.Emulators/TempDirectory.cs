namespace CloudStatus.Testing.Emulators;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <param name="owner">Groups the directories of one test project (<c>cloudstatus-{owner}-tests</c>).</param>
    public TempDirectory(string owner)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cloudstatus-{owner}-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside this directory; not created.</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A directory inside this one, created.</summary>
    public string CreateSub(string name) => Directory.CreateDirectory(Sub(name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a failed test; the OS temp cleaner gets it.
        }
    }
}
