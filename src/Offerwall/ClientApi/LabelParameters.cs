using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.ClientApi;

/// <summary>The partner's labels a start may carry (<see cref="ClickLabels"/>): kept on the click, passed back in its postbacks as {sub_id} and {tags}.</summary>
public sealed record LabelParameters(
    [property: FromQuery(Name = "sub_id"), ParameterSchema(JsonSchemaType.String, MaxLength = ClickLabels.MaxSubIdLength)]
    [property: Description("The partner's own label of this start (at most 50 characters), sent back in its postbacks as {sub_id}.")]
    string? SubId,
    [property: FromQuery(Name = "tags")]
    [property: Description("Up to 10 key=value pairs as one URL-encoded query (BitLabs' rules: keys letters, digits and underscores; keys and values "
                           + "at most 50 characters, trimmed and lower-cased), sent back in the partner's postbacks as {tags}.")]
    string? Tags);
