namespace CooperationBot.Tests.Packaging;

public sealed class BicepGateTests
{
    [Theory]
    [InlineData("main.bicep")]
    [InlineData("main.bicepparam")]
    public async Task Infra_builds_and_lints_without_warnings(string file)
    {
        var problems = await BicepGate.CheckAsync(Path.Combine(PackagingPaths.Infra, file));

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Gate_fails_on_a_misspelled_property()
    {
        var dir = Directory.CreateTempSubdirectory("cooperationbot-infra-").FullName;
        try
        {
            var source = await File.ReadAllTextAsync(Path.Combine(PackagingPaths.Infra, "main.bicep"));
            var broken = source.Replace("allowSharedKeyAccess:", "allowSharedKeyAcess:", StringComparison.Ordinal);
            Assert.NotEqual(source, broken);
            var file = Path.Combine(dir, "main.bicep");
            await File.WriteAllTextAsync(file, broken);

            var problems = await BicepGate.CheckAsync(file);

            Assert.Contains(problems, p => p.Contains("allowSharedKeyAcess", StringComparison.Ordinal) && p.Contains("Warning", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
