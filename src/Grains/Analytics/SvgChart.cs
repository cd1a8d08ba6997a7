using System.Globalization;
using System.Text;

namespace SocialFlow.Grains.Analytics;

/// <summary>A bar chart of one value per day as a standalone SVG image (numbers and dates only: nothing a user typed).</summary>
public static class SvgChart
{
    private const int Width = 720, Height = 300, Left = 60, Bottom = 40, Top = 30, Right = 10;

    public static string Bars(string title, IReadOnlyList<(DateOnly Day, long Value)> points)
    {
        var max = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Value));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var step = points.Count == 0 ? plotWidth : (double)plotWidth / points.Count;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" role="img" font-family="sans-serif" font-size="11">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title>{Escape(title)}</title><rect width="100%" height="100%" fill="#fff"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="18" font-size="14">{Escape(title)}</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{Top + 4}" text-anchor="end">{max}</text><text x="{Left - 6}" y="{Top + plotHeight}" text-anchor="end">0</text>""");
        svg.Append(CultureInfo.InvariantCulture,
            $"""<line x1="{Left}" y1="{Top + plotHeight}" x2="{Width - Right}" y2="{Top + plotHeight}" stroke="#444"/>""");
        for (var i = 0; i < points.Count; i++)
        {
            var h = (double)points[i].Value / max * plotHeight;
            var x = Left + i * step;
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect x="{x + step * 0.1:0.#}" y="{Top + plotHeight - h:0.#}" width="{Math.Max(1, step * 0.8):0.#}" height="{h:0.#}" fill="#3b82f6"><title>{points[i].Day:yyyy-MM-dd}: {points[i].Value}</title></rect>""");
        }
        if (points.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="{Height - 12}">{points[0].Day:yyyy-MM-dd}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Width - Right}" y="{Height - 12}" text-anchor="end">{points[^1].Day:yyyy-MM-dd}</text>""");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);
}
