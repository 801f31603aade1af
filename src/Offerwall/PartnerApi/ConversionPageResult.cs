using System.Data.Common;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Offerwall.Data;
using Offerwall.Web;

namespace Offerwall.PartnerApi;

/// <summary>
/// A Data API page (<see cref="ConversionPage"/>), written as its rows are read. EF builds the query and its command; the rows are
/// read from the database's reader and written as JSON straight away, with no object per row (neither EF's nor a
/// <see cref="ConversionRow"/>) and no string for its date: a page of 1,000 rows made about 3,000 short-lived objects that
/// way, and allocation and its collections were the largest cost in profiles of the Data API (docs/performance.md). The JSON is
/// the serializer's for <see cref="ConversionRow"/>, key for key: names from the same naming policy, values by the same writer
/// and encoder; the tests pin the bytes. The bytes go to a pooled buffer, not to the client, so the database connection is
/// returned as soon as the rows are read, however slowly the client reads; then the buffer is copied to the response. The
/// links and meta come last, as in the published shape, from the number of rows actually written.
/// </summary>
/// <param name="page">The page's ledger rows, ordered, skipped and taken.</param>
/// <param name="surveys">Whether the partner has surveys on: then each row has its type and survey id.</param>
public sealed class ConversionPageResult(OfferwallDb db, IQueryable<LedgerEntry> page, bool surveys, Func<int, (PageLinks Links, PageMeta Meta)> tail)
    : IResult, IEndpointMetadataProvider
{
    // Far above a 1,000-row page (about 250 KB), so a page never spills to a temporary file.
    private const int MemoryThreshold = 4 * 1024 * 1024;

    // The writer's own buffer is handed to the pooled one in pieces this size (it would grow to the whole page).
    private const int FlushAt = 16 * 1024;

    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var names = Names.Of(options);
        await using var buffer = new FileBufferingWriteStream(MemoryThreshold);
        var count = 0;
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray(Name(options, nameof(ConversionPage.Data)));
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var command = Columns(page).CreateDbCommand();
                await using var reader = await command.ExecuteReaderAsync(ct);
                var at = Ordinals.Of(reader);
                var eastern = new EasternTime.Formatter();
                // Npgsql copies a text column into a buffer without a string. Microsoft.Data.Sqlite's GetChars opens a stream over the
                // value on each call, which cost SQLite 70 % of a page's CPU (docs/performance.md): there each value is read as a string.
                var chars = db.Database.IsNpgsql() ? new char[TextBuffer] : null;
                while (await reader.ReadAsync(ct))
                {
                    WriteRow(json, names, at, reader, eastern, surveys, chars);
                    count++;
                    if (json.BytesPending > FlushAt) await json.FlushAsync(ct);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
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
        await buffer.DrainBufferAsync(http.Response.BodyWriter, ct);
    }

    /// <summary>Only the columns a row shows (the SQL selects these and no others).</summary>
    private static IQueryable<object> Columns(IQueryable<LedgerEntry> page) => page.Select(l => new
    {
        l.UserExternalId, l.TransactionId, l.Reward, l.Payout, l.OfferPublicId, l.OfferName, l.Note,
        l.OccurredAt, l.RewardLocal, l.GoalPublicId, l.Reverse, l.Kind, l.SurveyId,
    });

    /// <summary>One row, as the serializer writes a <see cref="ConversionRow"/>: its members in order, the last three left out when null.</summary>
    private static void WriteRow(Utf8JsonWriter json, Names names, Ordinals at, DbDataReader r, EasternTime.Formatter eastern, bool surveys, char[]? chars)
    {
        json.WriteStartObject();
        WriteText(json, names.UserId, r, at.UserExternalId, chars);
        json.WriteNumber(names.TransactionId, r.GetInt64(at.TransactionId));
        json.WriteNumber(names.Reward, Money.FromMicros(r.GetInt64(at.Reward)));
        json.WriteNumber(names.Payout, Money.FromMicros(r.GetInt64(at.Payout)));
        WriteText(json, names.OfferId, r, at.OfferPublicId, chars);
        WriteText(json, names.OfferName, r, at.OfferName, chars);
        WriteText(json, names.Note, r, at.Note, chars);
        Span<char> date = stackalloc char[EasternTime.Formatter.Length];
        eastern.Format(r.GetDateTime(at.OccurredAt), date);
        json.WriteString(names.DateTime, date);
        json.WriteNumber(names.RewardLocalCurrency, Money.FromMicros(r.GetInt64(at.RewardLocal)));
        WriteText(json, names.GoalId, r, at.GoalPublicId, chars);
        if (r.GetBoolean(at.Reverse)) json.WriteNumber(names.Reverse, 1);
        if (surveys)
        {
            json.WriteString(names.Type, (OfferKind)r.GetInt32(at.Kind) == OfferKind.Survey ? "survey" : "offer");
            if (!r.IsDBNull(at.SurveyId)) WriteText(json, names.SurveyId, r, at.SurveyId, chars);
        }
        json.WriteEndObject();
    }

    // Room for any text column of a ledger row; a longer value is read as a string.
    private const int TextBuffer = 2048;

    /// <summary>
    /// A text column, copied into <paramref name="chars"/> rather than made into a string (five per row were most of a page's allocations);
    /// without a buffer, read as a string.
    /// </summary>
    private static void WriteText(Utf8JsonWriter json, JsonEncodedText name, DbDataReader r, int ordinal, char[]? chars)
    {
        if (chars is null)
        {
            json.WriteString(name, r.GetString(ordinal));
            return;
        }
        var length = (int)r.GetChars(ordinal, 0, chars, 0, chars.Length);
        if (length < chars.Length) json.WriteString(name, chars.AsSpan(0, length));
        else json.WriteString(name, r.GetString(ordinal));
    }

    private static string Name(JsonSerializerOptions options, string property) => options.PropertyNamingPolicy?.ConvertName(property) ?? property;

    /// <summary>The keys of a row as the serializer names <see cref="ConversionRow"/>'s members, encoded once per options.</summary>
    private sealed record Names(
        JsonEncodedText UserId, JsonEncodedText TransactionId, JsonEncodedText Reward, JsonEncodedText Payout, JsonEncodedText OfferId,
        JsonEncodedText OfferName, JsonEncodedText Note, JsonEncodedText DateTime, JsonEncodedText RewardLocalCurrency, JsonEncodedText GoalId,
        JsonEncodedText Reverse, JsonEncodedText Type, JsonEncodedText SurveyId)
    {
        private static readonly ConditionalWeakTable<JsonSerializerOptions, Names> Known = new();

        public static Names Of(JsonSerializerOptions options) => Known.GetValue(options, o =>
        {
            JsonEncodedText N(string member) => JsonEncodedText.Encode(Name(o, member), o.Encoder);
            return new Names(N(nameof(ConversionRow.UserId)), N(nameof(ConversionRow.TransactionId)), N(nameof(ConversionRow.Reward)),
                N(nameof(ConversionRow.Payout)), N(nameof(ConversionRow.OfferId)), N(nameof(ConversionRow.OfferName)), N(nameof(ConversionRow.Note)),
                N(nameof(ConversionRow.DateTime)), N(nameof(ConversionRow.RewardLocalCurrency)), N(nameof(ConversionRow.GoalId)),
                N(nameof(ConversionRow.Reverse)), N(nameof(ConversionRow.Type)), N(nameof(ConversionRow.SurveyId)));
        });
    }

    /// <summary>Where each column is in the reader: EF names each one after the member of <see cref="Columns"/> it fills, on both engines.</summary>
    private sealed record Ordinals(
        int UserExternalId, int TransactionId, int Reward, int Payout, int OfferPublicId, int OfferName, int Note, int OccurredAt, int RewardLocal,
        int GoalPublicId, int Reverse, int Kind, int SurveyId)
    {
        public static Ordinals Of(DbDataReader reader)
        {
            int At(string property) => reader.GetOrdinal(property);
            return new Ordinals(At(nameof(LedgerEntry.UserExternalId)), At(nameof(LedgerEntry.TransactionId)), At(nameof(LedgerEntry.Reward)),
                At(nameof(LedgerEntry.Payout)), At(nameof(LedgerEntry.OfferPublicId)), At(nameof(LedgerEntry.OfferName)), At(nameof(LedgerEntry.Note)),
                At(nameof(LedgerEntry.OccurredAt)), At(nameof(LedgerEntry.RewardLocal)), At(nameof(LedgerEntry.GoalPublicId)),
                At(nameof(LedgerEntry.Reverse)), At(nameof(LedgerEntry.Kind)), At(nameof(LedgerEntry.SurveyId)));
        }
    }

    /// <summary>For the OpenAPI document: a 200 answer is a <see cref="ConversionPage"/>.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ConversionPage), ["application/json"]));
}
