using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Exports;
using CooperationBot.Reports;
using CooperationBot.Storage;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Exports;

/// <summary>
/// The sample committee (nine units) with real reports and directive progress stored through the real
/// services in a temporary embedded store, as a cycle looks after a few weeks of reporting.
/// </summary>
public sealed class MaterialsFixture : IDisposable
{
    /// <summary>U+20000, outside the Basic Multilingual Plane: it must survive as a surrogate pair.</summary>
    public const string AstralText = "与𠀀集团共建联合实验室";

    public static readonly UserIdentity Zhang = new("aad-dicp-1", "张联络");
    public static readonly UserIdentity Li = new("aad-dicp-2", "李联络");
    public static readonly UserIdentity ImrContact = new("aad-imr-1", "金属所联络员");
    public static readonly UserIdentity IaeContact = new("aad-iae-1", "沈阳生态所联络员");
    public static readonly UserIdentity Organiser = new("aad-organiser", "马越红");

    private readonly string folder = Directory.CreateTempSubdirectory("materials-").FullName;

    public MaterialsFixture(Committee? committee = null)
    {
        Committee = committee ?? SampleWithTestPeople();
        Store = new LocalFolderStore(folder);
        Keys = new DocumentKeys(Committee.Id);
        var source = new FixedCommittee(Committee);
        Reports = new ReportService(Store, source, Keys, Clock, NullLogger<ReportService>.Instance);
        Directives = new DirectiveService(Store, source, Keys, Clock, NullLogger<DirectiveService>.Instance);
        History = new CommitteeHistory(Store, Keys);
        Source = new MaterialsSource(Store, Keys, Directives, History);
    }

    /// <summary>10:00 on 1 June 2020 in Shenyang.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2020, 6, 1, 2, 0, 0, TimeSpan.Zero));

    public Committee Committee { get; }

    public IDocumentStore Store { get; }

    public DocumentKeys Keys { get; }

    public ReportService Reports { get; }

    public DirectiveService Directives { get; }

    public CommitteeHistory History { get; }

    public MaterialsSource Source { get; }

    public static Committee SampleWithTestPeople()
    {
        var sample = SampleCommittee.Load();
        var units = sample.Units.Select(u => u.Id switch
        {
            "dicp" => u with { Contacts = [new Person(Zhang.DisplayName, Zhang.AadObjectId, null), new Person(Li.DisplayName, Li.AadObjectId, null)] },
            "imr" => u with { Contacts = [new Person(ImrContact.DisplayName, ImrContact.AadObjectId, "contact@imr.example.org")] },
            "iae" => u with { Contacts = [new Person(IaeContact.DisplayName, IaeContact.AadObjectId, null)] },
            _ => u,
        }).ToList();
        return sample with { Units = units, Organisers = [new Person(Organiser.DisplayName, Organiser.AadObjectId, null)] };
    }

    /// <summary>
    /// 大连化物所 submits twice (revision 2 by 李联络 an hour after revision 1), 金属所 submits once,
    /// 沈阳生态所 only saves a draft; directive 3 in progress and directive 4 blocked for 大连化物所.
    /// </summary>
    public async Task<MeetingMaterials> ReportingUnderwayAsync()
    {
        await SubmitAsync(Zhang, "dicp", "与延长石油、中石油、华为、茅台建立战略合作\n谋划榆林国家能源革命创新示范区", "推进榆林示范区建设", string.Empty);
        Clock.Advance(TimeSpan.FromHours(1));
        await SubmitAsync(Li, "dicp", $"与延长石油、中石油、华为、茅台建立战略合作\n谋划榆林国家能源革命创新示范区\n{AstralText}", "推进榆林示范区建设\n与辽宁省共建洁净能源创新研究院", "数据截至2019年12月31日", baseVersion: 1);
        await SubmitAsync(ImrContact, "imr", "在河南、山东开展“区域行”活动\n构筑成形等项目取得突破", "深化与鞍钢的合作", string.Empty);
        await SaveAsync(IaeContact, "iae", "保护性耕作项目", string.Empty, string.Empty, submit: false);
        await UpdateProgressAsync(Zhang, "d3", "InProgress", "已与鞍钢对接，共同梳理转型升级痛点");
        Clock.Advance(TimeSpan.FromMinutes(30));
        await UpdateProgressAsync(Li, "d4", "Blocked", "缺少中试设备", needs: "需要金属所提供测试平台");
        return await GatherAsync();
    }

    public Task<MeetingMaterials> GatherAsync(string? cycleId = null) =>
        Source.GatherAsync(Committee, MaterialsSource.CyclesOf(Committee).Single(c => c.Id == (cycleId ?? Committee.CycleId)), Clock.GetUtcNow(), CancellationToken.None);

    public Task SubmitAsync(UserIdentity user, string unitId, string achievements, string priorities, string remark, int baseVersion = 0) =>
        SaveAsync(user, unitId, achievements, priorities, remark, submit: true, baseVersion);

    public async Task SaveAsync(UserIdentity user, string unitId, string achievements, string priorities, string remark, bool submit, int baseVersion = 0)
    {
        var outcome = await Reports.SaveAsync(
            new SaveReport(user, unitId, Committee.CycleId, new ReportForm(achievements, priorities, remark), baseVersion, Guid.NewGuid().ToString("N"), submit),
            CancellationToken.None);
        Assert.IsType<ReportOutcome.Saved>(outcome);
    }

    private async Task UpdateProgressAsync(UserIdentity user, string directiveId, string status, string note, string needs = "")
    {
        var outcome = await Directives.UpdateProgressAsync(user, "dicp", [new ProgressInput(directiveId, status, note, needs, 0)], Guid.NewGuid().ToString("N"), CancellationToken.None);
        Assert.IsType<ProgressOutcome.Done>(outcome);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
