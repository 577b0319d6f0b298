"""Hostile files, made in the test rather than kept in the repository."""

import struct
import zlib


def pixel_flood_png(width: int, height: int) -> bytes:
    """A valid black 1-bit PNG of width by height pixels: a few hundred KB that decode to
    hundreds of megabytes (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf(catalog_extra: bytes = b"", *, compress_catalog: bool = False) -> bytes:
    """A one-page PDF whose catalog holds `catalog_extra`, plainly or (as PDF 1.5 allows)
    inside a compressed object stream."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    if compress_catalog:
        packed = zlib.compress(b"1 0 " + catalog)
        objects = [
            b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
            + str(len(packed)).encode()
            + b" >>\nstream\n"
            + packed
            + b"\nendstream"
        ]
    else:
        objects = [catalog]
    body = b"%PDF-1.5\n"
    for number, content in enumerate([*objects, pages, page], start=1):
        body += str(number).encode() + b" 0 obj\n" + content + b"\nendobj\n"
    return body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
