namespace SocialFlow.ApiHost.Analytics;

/// <summary>RFC 4180: CRLF after every record; a field with a comma, a double quote, CR or LF is quoted, its quotes doubled.</summary>
public static class Csv
{
    public static string Record(params string[] fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
