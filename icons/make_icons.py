#!/usr/bin/env python3
"""Draws the app icon (a white heart on a blue rounded square) into the PNGs Tauri bundles.

Standard library only (zlib + struct), so it runs anywhere Python 3 does:
    python3 icons/make_icons.py
The mark is deliberately not the NHS logo: a plain heart, the app's own.
"""

import os
import struct
import zlib

BLUE = (0x00, 0x5E, 0xB8)
WHITE = (0xFF, 0xFF, 0xFF)
SUPERSAMPLE = 4  # samples per axis per pixel, for smooth edges


def inside_rounded_square(x, y):
    """x, y in [0, 1]. The whole icon, with corners of radius 0.22."""
    r = 0.22
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def inside_heart(x, y):
    """x, y in [0, 1], y down. The classic implicit heart curve, scaled into the middle."""
    # Map to heart space: centre (0.5, 0.53), about 0.56 of the icon wide.
    u = (x - 0.5) / 0.30
    v = -(y - 0.53) / 0.30
    a = u * u + v * v - 1
    return a * a * a - u * u * v * v * v <= 0


def pixel(px, py, size):
    """Average the supersamples of one pixel into straight-alpha RGBA."""
    n = SUPERSAMPLE
    bg = heart = 0
    for sy in range(n):
        for sx in range(n):
            x = (px + (sx + 0.5) / n) / size
            y = (py + (sy + 0.5) / n) / size
            if inside_rounded_square(x, y):
                bg += 1
                if inside_heart(x, y):
                    heart += 1
    total = n * n
    if bg == 0:
        return (0, 0, 0, 0)
    # Within the square, blend blue and white by heart coverage; alpha is square coverage.
    t = heart / bg
    rgb = tuple(round(b + (w - b) * t) for b, w in zip(BLUE, WHITE))
    return rgb + (round(255 * bg / total),)


def png(size):
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter type 0 (None)
        for px in range(size):
            row.extend(pixel(px, py, size))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, size in [
        ("32x32.png", 32),
        ("128x128.png", 128),
        ("128x128@2x.png", 256),
        ("icon.png", 512),
    ]:
        path = os.path.join(here, name)
        with open(path, "wb") as f:
            f.write(png(size))
        print(f"wrote {path} ({size}x{size})")


if __name__ == "__main__":
    main()
