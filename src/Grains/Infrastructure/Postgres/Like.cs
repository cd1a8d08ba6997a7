namespace SocialFlow.Grains.Infrastructure.Postgres;

/// <summary>LIKE patterns from user text.</summary>
public static class Like
{
    /// <summary>The text with LIKE's wildcards and escape character escaped, to match literally.</summary>
    public static string Escape(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
