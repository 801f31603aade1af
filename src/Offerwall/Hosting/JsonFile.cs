using System.Text.Json;

namespace Offerwall.Hosting;

/// <summary>An operator's JSON file (an offer's or a goal's edit): read whole, or a clear message that names the file (exit 2).</summary>
internal static class JsonFile
{
    /// <param name="what">What the file should hold, for the message: "an offer edit".</param>
    public static async Task<T> ReadAsync<T>(string path, JsonSerializerOptions options, string what, CancellationToken ct) where T : class
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<T>(stream, options, ct) ?? throw new OperatorInputException($"{path} holds null, not a JSON object.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OperatorInputException($"Cannot read {path}: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new OperatorInputException($"{path} is not {what}: {e.Message}");
        }
    }
}
