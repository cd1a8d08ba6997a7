using System.Globalization;
using System.Xml.Linq;

namespace SocialFlow.ApiHost.Ads;

/// <summary>
/// The ad as a VAST 4.2 document (IAB), for standard video players: one InLine ad with the elements VAST 4 requires
/// (AdSystem, AdTitle, AdServingId, Impression, Creatives/Creative with UniversalAdId). A video creative is a Linear ad
/// (Duration, a streaming MediaFile, ClickThrough and ClickTracking); an image is not linear, so it is a NonLinear ad
/// (its size, a StaticResource with the image's type, NonLinearClickThrough and NonLinearClickTracking).
/// </summary>
public static class Vast
{
    public const string Version = "4.2";
    public static readonly XNamespace Ns = "http://www.iab.com/VAST";

    public static XDocument Document(AdResponse ad)
    {
        var creative = new XElement(Ns + "Creative", new XAttribute("id", ad.CreativeId), new XAttribute("adId", ad.CampaignId),
            new XElement(Ns + "UniversalAdId", new XAttribute("idRegistry", "socialflow"), ad.CreativeId),
            ad.MediaType == AdResponse.Image ? NonLinear(ad) : Linear(ad));
        var inline = new XElement(Ns + "InLine",
            new XElement(Ns + "AdSystem", new XAttribute("version", "1"), "SocialFlow"),
            new XElement(Ns + "AdTitle", "SocialFlow ad"),
            new XElement(Ns + "AdServingId", ad.ServeId),
            new XElement(Ns + "Impression", new XAttribute("id", "socialflow"), new XCData(ad.ImpressionUrl)),
            new XElement(Ns + "Creatives", creative));
        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Ns + "VAST", new XAttribute("version", Version), new XElement(Ns + "Ad", new XAttribute("id", ad.ServeId), inline)));
    }

    private static XElement Linear(AdResponse ad) => new(Ns + "Linear",
        new XElement(Ns + "Duration", Duration(ad.DurationSeconds)),
        new XElement(Ns + "MediaFiles",
            new XElement(Ns + "MediaFile", new XAttribute("delivery", "streaming"), new XAttribute("type", "application/x-mpegURL"),
                new XAttribute("width", 1280), new XAttribute("height", 720), new XCData(ad.MediaUrl))),
        new XElement(Ns + "VideoClicks",
            new XElement(Ns + "ClickThrough", new XAttribute("id", "socialflow"), new XCData(ad.ClickThroughUrl)),
            new XElement(Ns + "ClickTracking", new XAttribute("id", "socialflow"), new XCData(ad.ClickUrl))));

    private static XElement NonLinear(AdResponse ad) => new(Ns + "NonLinearAds",
        new XElement(Ns + "NonLinear", new XAttribute("id", ad.CreativeId), new XAttribute("width", ad.Width ?? 0), new XAttribute("height", ad.Height ?? 0),
            new XAttribute("scalable", "true"), new XAttribute("maintainAspectRatio", "true"),
            new XElement(Ns + "StaticResource", new XAttribute("creativeType", ad.ContentType ?? "image/jpeg"), new XCData(ad.MediaUrl)),
            new XElement(Ns + "NonLinearClickThrough", new XCData(ad.ClickThroughUrl)),
            new XElement(Ns + "NonLinearClickTracking", new XAttribute("id", "socialflow"), new XCData(ad.ClickUrl))));

    private static string Duration(double? seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds ?? 0));
        return t.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
    }
}
