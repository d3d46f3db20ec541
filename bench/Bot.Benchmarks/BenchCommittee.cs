using System.Text.Json;

namespace CooperationBot.Benchmarks;

/// <summary>
/// Committees of any size in the committee file's shape: unit i (u00001…) has one contact,
/// bench-user-i, so that every simulated user is a contact of exactly one unit.
/// </summary>
public static class BenchCommittee
{
    public static string UnitId(int index) => $"u{index:D5}";

    public static string UserId(int index) => $"bench-user-{index}";

    /// <summary>Writes the committee file into <paramref name="folder"/> and returns its path.</summary>
    public static string WriteFile(string folder, int units)
    {
        var file = new
        {
            id = $"bench-{units}",
            defaultLanguage = "zh-CN",
            timeZone = "Asia/Shanghai",
            meeting = new
            {
                title = new { zh = "基准测试委员会", en = "Benchmark committee" },
                date = "2020-05-14",
                chair = new { zh = "主任", en = "Chair" },
            },
            reportingYear = 2019,
            planYear = 2020,
            submissionDeadline = "2020-06-30",
            organisers = new[] { new { name = "组织者", aadObjectId = "bench-organiser" } },
            units = Enumerable.Range(1, units).Select(i => new
            {
                id = UnitId(i),
                shortName = new { zh = $"单位{i}", en = $"Unit {i}" },
                fullName = new { zh = $"中国科学院第{i}研究所", en = $"CAS Institute {i}" },
                contacts = new[] { new { name = $"联络人{i}", aadObjectId = UserId(i) } },
            }),
            directives = new[] { new { id = "d1", text = new { zh = "加强合作。", en = "Cooperate more." } } },
        };
        var path = Path.Combine(folder, $"committee-{units}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(file));
        return path;
    }
}
