namespace MailServerOperator.Tests;

/// <summary>A fresh directory under the system temp folder, deleted on dispose; paths are relative to it.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mailserver-operator-tests-").FullName;

    public string Write(string relativePath, string text)
    {
        var path = System.IO.Path.Join(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Combine(string relativePath) => System.IO.Path.Join(Path, relativePath);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
