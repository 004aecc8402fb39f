#!/usr/bin/env python3
"""Writes N distinct PNG files of about SIZE bytes each: a real header and end, random pixel data.

Usage: make_images.py DIR N SIZE
The server checks structure (signature, IHDR, IEND), never decodes, so random IDAT bytes are fine.
"""
import os
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(size, seed):
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0))
    end = chunk(b"IEND", b"")
    payload = size - 8 - len(header) - len(end) - 12
    data = os.urandom(max(payload, 1))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", data) + end


def main():
    directory, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(directory, exist_ok=True)
    for i in range(count):
        with open(os.path.join(directory, "k%04d" % i), "wb") as f:
            f.write(png(size, i))


if __name__ == "__main__":
    main()
