"""Checking uploaded files by their content, never by their name, and removing metadata
(a photo's EXIF can hold where and when it was taken, and by whom)."""

import dataclasses
import io

import puremagic
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
AUDIO = {
    "audio/mpeg": "mp3",
    "audio/wave": "wav",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/mp4": "m4a",
    "audio/x-m4a": "m4a",
    "audio/ogg": "ogg",
}
DOCUMENTS = {"application/pdf": "pdf", "text/plain": "txt"}
# A phone's photo is 12 to 50 megapixels. A few hundred KB of PNG can claim hundreds of
# megapixels and take seconds and gigabytes to decode, so the size in the file's header is
# checked before any pixel is read.
MAX_MEGAPIXELS = 50


class UploadRefused(ValueError):
    """The file is not of a type we accept; the message says what is."""


@dataclasses.dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str


def _detect(data: bytes) -> str:
    if data.startswith(b"ID3"):
        return "audio/mpeg"
    try:
        return puremagic.from_string(data, mime=True) or _text_or_unknown(data)
    except puremagic.PureError:
        return _text_or_unknown(data)


def _text_or_unknown(data: bytes) -> str:
    """Plain text (an e-mail saved as text, a transcript) has no magic number."""
    if b"\x00" in data:
        return ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return "text/plain"


def _without_metadata(data: bytes, content_type: str) -> bytes:
    """Re-encode an image from its pixels alone (turned upright first), dropping EXIF, GPS
    and comments."""
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        image = None
    except (UnidentifiedImageError, OSError, ValueError):
        raise UploadRefused("The image could not be read: it may be damaged") from None
    if image is None or image.width * image.height > MAX_MEGAPIXELS * 1_000_000:
        raise UploadRefused(f"The image must be smaller than {MAX_MEGAPIXELS} megapixels")
    try:
        with image:
            upright = ImageOps.exif_transpose(image)
            clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    except (UnidentifiedImageError, OSError, ValueError):
        raise UploadRefused("The image could not be read: it may be damaged") from None
    output = io.BytesIO()
    if content_type == "image/jpeg":
        clean.convert("RGB").save(output, "JPEG", quality=95)
    else:
        clean.save(output, "PNG" if content_type == "image/png" else "WEBP")
    return output.getvalue()


def check_upload(data: bytes, *, allowed: dict[str, str], max_bytes: int) -> CheckedFile:
    """The file, its real type and extension; refuses anything not in `allowed`."""
    if not data:
        raise UploadRefused("The selected file is empty")
    if len(data) > max_bytes:
        raise UploadRefused(f"The selected file must be smaller than {max_bytes // 1_000_000} MB")
    content_type = _detect(data)
    if content_type not in allowed:
        kinds = ", ".join(sorted({ext.upper() for ext in allowed.values()}))
        raise UploadRefused(f"The selected file must be a {kinds}")
    if content_type in IMAGES:
        data = _without_metadata(data, content_type)
    return CheckedFile(data, content_type, allowed[content_type])
