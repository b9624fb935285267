namespace MailServerOperator.IntegrationTests.Infrastructure;

/// <summary>Finds the repository root (the folder holding MailServerOperator.sln) from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MailServerOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MailServerOperator.sln not found above " + AppContext.BaseDirectory);
    }
}
