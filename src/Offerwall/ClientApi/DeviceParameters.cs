using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Offerwall.Web;

namespace Offerwall.ClientApi;

/// <summary>The device ids a start may carry (<see cref="DeviceIds"/>): stored on the click, passed to the advertiser's link, counted by the fraud rules.</summary>
public sealed record DeviceParameters(
    [property: FromQuery(Name = "device_id"), ParameterSchema(JsonSchemaType.String, MaxLength = DeviceIds.MaxDeviceIdLength)]
    [property: Description("The app's own id of the user's device.")]
    string? DeviceId,
    [property: FromQuery(Name = "idfa"), ParameterSchema(JsonSchemaType.String, Format = "uuid")]
    [property: Description("Apple's advertising id of the device (all zeros: not shared).")]
    string? Idfa,
    [property: FromQuery(Name = "gaid"), ParameterSchema(JsonSchemaType.String, Format = "uuid")]
    [property: Description("Google's advertising id of the device (all zeros: not shared).")]
    string? Gaid);
