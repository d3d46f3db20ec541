using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Exports;
using CooperationBot.Imports;
using CooperationBot.Localization;
using CooperationBot.Storage;
using CooperationBot.Tests.Exports;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Imports;

/// <summary>The sample committee (nine units) in a real repository over a temporary embedded store, with the real import service.</summary>
public sealed class ImportFixture : IDisposable
{
    public static readonly UserIdentity Organiser = MaterialsFixture.Organiser;

    private readonly string folder = Directory.CreateTempSubdirectory("imports-").FullName;

    public ImportFixture()
    {
        Store = new LocalFolderStore(folder);
        var seed = MaterialsFixture.SampleWithTestPeople();
        Keys = new DocumentKeys(seed.Id);
        Committees = new CommitteeRepository(Store, new CommitteeSeed(seed, DemoMode: false), Keys, Clock, Options.Create(new CommitteeOptions()), NullLogger<CommitteeRepository>.Instance);
        History = new CommitteeHistory(Store, Keys);
        Imports = new ImportService(Committees, Store, Keys, Clock, NullLogger<ImportService>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2020, 6, 1, 2, 0, 0, TimeSpan.Zero));

    public IDocumentStore Store { get; }

    public DocumentKeys Keys { get; }

    public CommitteeRepository Committees { get; }

    public CommitteeHistory History { get; }

    public ImportService Imports { get; }

    public static Texts Zh { get; } = new(CultureInfo.GetCultureInfo("zh-CN"));

    /// <summary>The workbook the export gives for the stored committee: the template organisers fill in.</summary>
    public async Task<byte[]> ExportedWorkbookAsync()
    {
        var committee = await Committees.ReadStoredAsync(CancellationToken.None);
        var source = new MaterialsSource(Store, Keys, new DirectiveService(Store, new FixedCommittee(committee), Keys, Clock, NullLogger<DirectiveService>.Instance), History);
        var materials = await source.GatherAsync(committee, MaterialsSource.CyclesOf(committee)[0], Clock.GetUtcNow(), CancellationToken.None);
        return ExcelMaterials.Build(materials, Zh);
    }

    public Task<ImportOutcome> PreviewAsync(byte[] workbook, string name = "委员会.xlsx") =>
        Imports.PreviewAsync(Organiser, workbook, name, CancellationToken.None);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
