using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Offerwall.ClientApi;

/// <summary>
/// The answer of GET /v1/client/offers, written straight to the response: the same bytes as <c>ClientApi.Success(OfferList)</c> would
/// give, with each offer the user has not started copied from its JSON kept with the catalog (<see cref="OfferCatalog.ListJsonAsync"/>),
/// so the wall's most common answer is neither rebuilt nor serialized per request. The offers the user started are serialized as usual.
/// </summary>
public sealed class WallAnswer(IReadOnlyList<byte[]> offers, IReadOnlyList<CatalogOffer> started, string traceId) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartObject(Name(options, nameof(ClientSuccess<>.Data)));
        writer.WriteStartArray(Name(options, nameof(OfferList.Offers)));
        foreach (var offer in offers) writer.WriteRawValue(offer, skipInputValidation: true);
        writer.WriteEndArray();
        writer.WritePropertyName(Name(options, nameof(OfferList.StartedOffers)));
        JsonSerializer.Serialize(writer, started, options);
        writer.WriteEndObject();
        writer.WriteString(Name(options, nameof(ClientSuccess<>.Status)), "success");
        writer.WriteString(Name(options, nameof(ClientSuccess<>.TraceId)), traceId);
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted);
    }

    private static string Name(JsonSerializerOptions options, string property) => options.PropertyNamingPolicy?.ConvertName(property) ?? property;
}
