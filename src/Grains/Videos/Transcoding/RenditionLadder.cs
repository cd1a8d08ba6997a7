using SocialFlow.Grains.Interfaces.Videos;

namespace SocialFlow.Grains.Videos.Transcoding;

/// <summary>
/// The HLS renditions for a source: every rung of the ladder up to the source's short side (never above it), or one
/// rendition at the source's own size when it is smaller than the lowest rung. Names follow the short side ("360p").
/// </summary>
public static class RenditionLadder
{
    public static IReadOnlyList<Rendition> For(int width, int height, IReadOnlyList<int> rungs)
    {
        var shortSide = Math.Min(width, height);
        var sides = rungs.Where(r => r <= shortSide).ToList();
        if (sides.Count == 0) sides.Add(Even(shortSide));
        return sides.Select(side =>
        {
            var scale = (double)side / shortSide;
            var (w, h) = (Even(width * scale), Even(height * scale));
            return new Rendition($"{side}p", w, h, BitrateKbps(side));
        }).ToList();
    }

    /// <summary>About 0.1 bits per pixel at 30 fps for a 16:9 frame: 240p ≈ 290 kb/s, 720p ≈ 2.6 Mb/s.</summary>
    public static int BitrateKbps(int shortSide) => Math.Max(150, shortSide * shortSide * 5 / 1000);

    private static int Even(double value) => Math.Max(2, (int)Math.Round(value / 2) * 2);
}
