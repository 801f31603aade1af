using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Offerwall.Web;

namespace Offerwall.PartnerApi;

/// <summary>
/// A Data API page (<see cref="ConversionPage"/>), written as its rows are read. Each row is
/// serialized as it arrives from the database and then dropped, so a page of 1,000 rows is never
/// held as 1,000 objects: they would outlive the young generation under load and make every
/// collection copy them (the largest cost in profiles of the Data API). The bytes go to a pooled
/// buffer, not to the client, so the database connection is returned as soon as the rows are read,
/// however slowly the client reads; then the buffer is copied to the response. The links and meta
/// come last, as in the published shape, from the number of rows actually written.
/// </summary>
public sealed class ConversionPageResult(IAsyncEnumerable<ConversionRow> rows, Func<int, (PageLinks Links, PageMeta Meta)> tail)
    : IResult, IEndpointMetadataProvider
{
    // Far above a 1,000-row page (about 250 KB), so a page never spills to a temporary file.
    private const int MemoryThreshold = 4 * 1024 * 1024;

    // The writer's own buffer is handed to the pooled one in pieces this size (it would grow to the whole page).
    private const int FlushAt = 16 * 1024;

    public async Task ExecuteAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var rowType = (JsonTypeInfo<ConversionRow>)options.GetTypeInfo(typeof(ConversionRow));
        await using var buffer = new FileBufferingWriteStream(MemoryThreshold);
        var count = 0;
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray(Name(options, nameof(ConversionPage.Data)));
            await foreach (var row in rows.WithCancellation(http.RequestAborted))
            {
                JsonSerializer.Serialize(json, row, rowType);
                count++;
                if (json.BytesPending > FlushAt) await json.FlushAsync(http.RequestAborted);
            }
            json.WriteEndArray();
            var (links, meta) = tail(count);
            json.WritePropertyName(Name(options, nameof(ConversionPage.Links)));
            JsonSerializer.Serialize(json, links, options);
            json.WritePropertyName(Name(options, nameof(ConversionPage.Meta)));
            JsonSerializer.Serialize(json, meta, options);
            json.WriteEndObject();
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = buffer.Length;
        await buffer.DrainBufferAsync(http.Response.BodyWriter, http.RequestAborted);
    }

    private static string Name(JsonSerializerOptions options, string property) => options.PropertyNamingPolicy?.ConvertName(property) ?? property;

    /// <summary>For the OpenAPI document: a 200 answer is a <see cref="ConversionPage"/>.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ConversionPage), ["application/json"]));
}
