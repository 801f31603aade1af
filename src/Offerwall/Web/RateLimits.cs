using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Offerwall.Web;

/// <summary>What every API's rate limits share: the client's address as a key, Retry-After, and the 429 in the OpenAPI document.</summary>
public static class RateLimits
{
    /// <summary>
    /// The key of a client address: an IPv4 address itself (also when seen through an IPv6 socket), an
    /// IPv6 address by its /64 network, since one subscriber usually holds a whole /64 and could
    /// otherwise take a new address, and a new allowance, for every request. The address is the
    /// connection's, or the one a trusted proxy vouches for (ForwardedHeaders); none counts as one key.
    /// </summary>
    public static UInt128 AddressKey(IPAddress? address)
    {
        if (address is null) return UInt128.Zero;
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6)
        {
            address.MapToIPv6().TryWriteBytes(bytes, out _);
            return BinaryPrimitives.ReadUInt128BigEndian(bytes);
        }
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>Sets <c>Retry-After</c> to <paramref name="wait"/> in whole seconds, at least 1.</summary>
    public static void SetRetryAfter(HttpContext http, TimeSpan wait) =>
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Documents a 429 answer of <paramref name="body"/>'s shape on every endpoint of <paramref name="builder"/>.</summary>
    public static TBuilder ProducesTooManyRequests<TBuilder>(this TBuilder builder, Type body) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, body, ["application/json"]));

    /// <summary>OpenAPI: every 429 answer carries the Retry-After header.</summary>
    public static Task DescribeRetryAfter(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.Responses?.TryGetValue("429", out var response) == true && response is OpenApiResponse tooMany)
        {
            tooMany.Description = "Too many requests: a rate limit was reached. Retry after Retry-After seconds.";
            tooMany.Headers ??= new Dictionary<string, IOpenApiHeader>();
            tooMany.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before trying again (whole seconds, at most the limit's window).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }
        return Task.CompletedTask;
    }
}
