#!/usr/bin/env python3
"""Draws the Teams icons (manifest/color.png 192x192, manifest/outline.png 32x32).

Two interlocking rings (the research institute and the local unit working together) in white;
the colour icon puts them on the app's teal accent colour, the outline icon on transparency.
Standard library only (no PIL): shapes are signed distances, anti-aliased by supersampling.
Run: python3 manifest/icons/make_icons.py   (rewrites both PNGs next to manifest.json)
"""
import math
import os
import struct
import zlib

TEAL = (15, 118, 110)  # #0F766E, the manifest's accentColor
SAMPLES = 4  # supersampling per axis


def ring_distance(x, y, cx, cy, radius):
    """Distance from the ring's centre line."""
    return abs(math.hypot(x - cx, y - cy) - radius)


def coverage(x, y, size):
    """1.0 where white ink is, for a point in a size x size canvas."""
    s = size / 32.0
    radius, width, gap = 7.2 * s, 2.6 * s, 1.5 * s
    cy = 16.0 * s
    left, right = 11.5 * s, 20.5 * s
    in_left = ring_distance(x, y, left, cy, radius) <= width / 2
    in_right = ring_distance(x, y, right, cy, radius) <= width / 2
    # Chain look: the left ring passes over at the top crossing, the right ring at the bottom.
    # The ring underneath is cut back by a gap around the ring on top.
    left_on_top = y < cy
    if left_on_top:
        halo = ring_distance(x, y, left, cy, radius) <= width / 2 + gap
        return in_left or (in_right and not halo)
    halo = ring_distance(x, y, right, cy, radius) <= width / 2 + gap
    return in_right or (in_left and not halo)


def render(size):
    """Rows of alpha values 0..255 for the white ink."""
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            hits = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = px + (sx + 0.5) / SAMPLES
                    y = py + (sy + 0.5) / SAMPLES
                    hits += coverage(x, y, size)
            row.append(round(255 * hits / (SAMPLES * SAMPLES)))
        rows.append(row)
    return rows


def write_png(path, size, pixel):
    """8-bit RGBA, non-interlaced, filter 0 on every row."""
    raw = bytearray()
    for y in range(size):
        raw.append(0)
        for x in range(size):
            raw.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", header))
        f.write(chunk(b"IDAT", zlib.compress(bytes(raw), 9)))
        f.write(chunk(b"IEND", b""))


def main():
    folder = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    ink = render(192)

    def color_pixel(x, y):
        a = ink[y][x] / 255
        return tuple(round(c + (255 - c) * a) for c in TEAL) + (255,)

    write_png(os.path.join(folder, "color.png"), 192, color_pixel)

    ink = render(32)
    # Outline icon: white only; the shape lives in the alpha channel.
    write_png(os.path.join(folder, "outline.png"), 32, lambda x, y: (255, 255, 255, ink[y][x]))


if __name__ == "__main__":
    main()
