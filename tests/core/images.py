"""Pictures for the upload tests, made with Pillow: real images, as a phone or an attacker sends them."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PHP = b"<?php system($_GET['c']); ?>"
# EXIF tags: orientation, camera make and model, the GPS block (Ciputat, roughly).
ORIENTATION, MAKE, MODEL, GPS_IFD = 0x0112, 0x010F, 0x0110, 0x8825
GPS = {1: "S", 2: (6.0, 19.0, 12.0), 3: "E", 4: (106.0, 45.0, 36.0)}


def jpeg(size=(64, 48), color=(200, 30, 30), *, exif: Image.Exif | None = None, comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    extra = {"exif": exif.tobytes()} if exif is not None else {}
    Image.new("RGB", size, color).save(out, "JPEG", comment=comment, **extra)
    return out.getvalue()


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "Samsung"
    exif[MODEL] = "Galaxy A15"
    exif[GPS_IFD] = GPS
    return exif


def png(size=(64, 48), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def gif(size=(32, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("P", size).save(out, "GIF")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels and holds one row: what a decompression bomb
    looks like to a parser, in a few bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 2)) + chunk(b"IEND", b"")


def polyglot() -> bytes:
    """A real JPEG with a PHP web shell appended: a viewer shows the picture, PHP runs the code."""
    return jpeg() + PHP


def upload(data: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
