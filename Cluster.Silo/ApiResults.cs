namespace Cluster.Silo;

/// <summary>The admin API's error answers (always <see cref="ApiError"/> JSON) and name checks.</summary>
internal static class ApiResults
{
    public static IResult BadRequest(string message) => Results.Json(new ApiError(message), statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string message) => Results.Json(new ApiError(message), statusCode: StatusCodes.Status404NotFound);

    public static IResult Unavailable(string message) => Results.Json(new ApiError(message), statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>Names that can be part of a grain key and a log line: letters, digits, '-', '_', '.', '+'.</summary>
    public static bool IsSafeName(string s) =>
        s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+');
}
