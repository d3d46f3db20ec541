using System.Text.Json;
using System.Text.Json.Nodes;
using CooperationBot.Committees;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>The shipped sample committee (2020 Shenyang meeting), for tests that use or vary it.</summary>
public static class SampleCommittee
{
    public static string Path { get; } = RepoPaths.Combine("Bot", "Committees", "sample-committee.json");

    public static Committee Load(bool demoMode = false) => CommitteeLoader.LoadFile(Path, demoMode);

    /// <summary>The file as editable JSON (it has comments), to make a variant of it.</summary>
    public static JsonObject Json() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path), documentOptions: new() { CommentHandling = JsonCommentHandling.Skip })!;
}
