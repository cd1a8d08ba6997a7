namespace SocialFlow.ApiHost.Videos;

/// <summary>
/// A first look at an upload's leading bytes: known video container signatures pass; anything else (text, images,
/// archives, executables) is plainly not a video and is refused before more bytes arrive. ffprobe has the last word.
/// </summary>
public static class MediaSniffer
{
    public const int BytesNeeded = 12;

    public static bool LooksLikeVideo(ReadOnlySpan<byte> head)
    {
        if (head.Length < BytesNeeded) return false;
        return IsoBaseMedia(head)
            || head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])            // Matroska, WebM
            || (head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("AVI "u8))      // AVI
            || head.StartsWith("FLV\x01"u8)                                            // Flash video
            || head.StartsWith("OggS"u8)                                               // Ogg (Theora)
            || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xBA])            // MPEG program stream
            || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xB3])            // MPEG-1/2 elementary video
            || head.StartsWith((ReadOnlySpan<byte>)[0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) // ASF, WMV
            || MpegTransportStream(head);
    }

    /// <summary>MP4, MOV, M4V, 3GP: a box size then a box type such as ftyp (QuickTime files may start with others).</summary>
    private static bool IsoBaseMedia(ReadOnlySpan<byte> head)
    {
        var type = head[4..8];
        return type.SequenceEqual("ftyp"u8) || type.SequenceEqual("moov"u8) || type.SequenceEqual("mdat"u8)
            || type.SequenceEqual("wide"u8) || type.SequenceEqual("free"u8) || type.SequenceEqual("skip"u8);
    }

    /// <summary>188-byte packets each starting with the sync byte 0x47 (checked on the packets present).</summary>
    private static bool MpegTransportStream(ReadOnlySpan<byte> head)
    {
        if (head[0] != 0x47) return false;
        for (var i = 188; i < head.Length; i += 188)
        {
            if (head[i] != 0x47) return false;
        }
        return head.Length > 188;
    }
}
