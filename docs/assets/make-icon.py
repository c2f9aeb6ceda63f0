"""Draws Disclose's app icon (a page with a redaction bar) as a 1024x1024
PNG using only the standard library. `tauri icon` turns it into every
platform's format:  ui/node_modules/.bin/tauri icon docs/assets/icon.png -o src-tauri/icons
"""
import struct, zlib, sys

N = 1024
def px(x, y):
    # Rounded blue square background.
    r = 180
    cx = min(max(x, r), N - 1 - r); cy = min(max(y, r), N - 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return (0, 0, 0, 0)
    # White page.
    if 260 <= x <= 764 and 170 <= y <= 854:
        # Text lines and a black redaction bar.
        for i, ly in enumerate(range(260, 800, 90)):
            if ly <= y <= ly + 34 and 320 <= x <= 704:
                if i == 2:
                    return (10, 10, 12, 255)
                if i != 2 and x <= 704 - (i % 3) * 80:
                    return (150, 160, 178, 255)
        return (255, 255, 255, 255)
    return (29, 78, 216, 255)

rows = b"".join(b"\x00" + b"".join(bytes(px(x, y)) for x in range(N)) for y in range(N))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
open(sys.argv[1] if len(sys.argv) > 1 else "icon.png", "wb").write(png)
