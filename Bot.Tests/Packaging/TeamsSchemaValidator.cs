using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CooperationBot.Tests.Packaging;

/// <summary>
/// Validates JSON against the official Teams schemas offline. They are draft-04; JsonSchema.Net
/// reads them once the dialect id says draft-07 (the keywords they use mean the same there).
/// </summary>
internal static class TeamsSchemaValidator
{
    private const string Draft04 = "http://json-schema.org/draft-04/schema#";
    private const string Draft07 = "http://json-schema.org/draft-07/schema#";

    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <returns>One line per failed keyword: where in the document and why; empty when valid.</returns>
    public static IReadOnlyList<string> Validate(string schemaFile, JsonNode document)
    {
        var schema = Schemas.GetOrAdd(schemaFile, Load);
        using var json = JsonDocument.Parse(document.ToJsonString());
        var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .ToList();
        // An invalid result always names at least one failure; keep a line even if it does not.
        return errors.Count > 0 ? errors : ["invalid (no details reported)"];
    }

    private static JsonSchema Load(string schemaFile)
    {
        var text = File.ReadAllText(schemaFile);
        if (!text.Contains(Draft04, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{schemaFile} is not the draft-04 schema this loader expects.");
        }

        // A fresh registry per schema: the Teams schemas have no $id and would clash in the shared one.
        return JsonSchema.FromText(text.Replace(Draft04, Draft07, StringComparison.Ordinal), new BuildOptions());
    }
}
