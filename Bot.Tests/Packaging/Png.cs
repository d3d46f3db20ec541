using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CooperationBot.Tests.Packaging;

/// <summary>
/// Just enough PNG decoding to check Teams' icon rules: 8-bit RGB/RGBA, non-interlaced
/// (what manifest/icons/make_icons.py writes). Anything else is reported, not guessed at.
/// </summary>
internal sealed class Png
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] rgba;

    private Png(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        this.rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 4;
            return (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]);
        }
    }

    public IEnumerable<(int X, int Y, (byte R, byte G, byte B, byte A) Color)> Pixels()
    {
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                yield return (x, y, this[x, y]);
            }
        }
    }

    public static Png Decode(byte[] file)
    {
        if (file.Length < 8 || !file.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG file.");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var pos = 8; pos + 8 <= file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(pos));
            var type = Encoding.ASCII.GetString(file, pos + 4, 4);
            var data = file.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                var (bitDepth, colorType, interlace) = (data[8], data[9], data[12]);
                channels = colorType switch { 6 => 4, 2 => 3, _ => 0 };
                if (bitDepth != 8 || channels == 0 || interlace != 0)
                {
                    throw new InvalidDataException($"Unsupported PNG: bit depth {bitDepth}, colour type {colorType}, interlace {interlace}.");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            pos += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var pixels = Unfilter(inflated.ToArray(), width, height, channels);
        var rgba = new byte[width * height * 4];
        for (var p = 0; p < width * height; p++)
        {
            Array.Copy(pixels, p * channels, rgba, p * 4, channels);
            if (channels == 3)
            {
                rgba[(p * 4) + 3] = 255;
            }
        }

        return new Png(width, height, rgba);
    }

    // PNG stores each row with a filter byte; undo the five standard filters.
    private static byte[] Unfilter(byte[] raw, int width, int height, int bpp)
    {
        var stride = width * bpp;
        var output = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = (y * (stride + 1)) + 1;
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? output[(y * stride) + x - bpp] : 0;
                int b = y > 0 ? output[((y - 1) * stride) + x] : 0;
                int c = x >= bpp && y > 0 ? output[((y - 1) * stride) + x - bpp] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter}."),
                };
                output[(y * stride) + x] = (byte)(raw[src + x] + predictor);
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
