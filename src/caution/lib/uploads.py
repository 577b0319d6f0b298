"""Checking uploaded files by their content, never by their name, and removing metadata
(a photo's EXIF can hold where and when it was taken, and by whom). Files that could act
when opened are refused: a PDF with scripts or automatic actions, the EICAR test signature
(so an installation can prove its checks work), and, where ClamAV's daemon is configured,
anything it finds."""

import dataclasses
import io
import logging
import re
import unicodedata
import zlib

import clamd
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
# CCTV and body-camera footage (001 §15.2, 002 §3.4): downloaded, never played in the page.
VIDEO = {"video/mp4": "mp4", "video/webm": "webm"}
# The major brands of an ISO base media file (the `ftyp` box) that are video: MP4 and its
# variants, not the audio-only M4A.
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
# A WebM file is Matroska whose EBML header names the document type "webm".
EBML = b"\x1a\x45\xdf\xa3"
WEBM_DOCTYPE = b"\x42\x82\x84webm"
# A phone's photo is 12 to 50 megapixels. A few hundred KB of PNG can claim hundreds of
# megapixels and take seconds and gigabytes to decode, so the size in the file's header is
# checked before any pixel is read.
MAX_MEGAPIXELS = 50


logger = logging.getLogger(__name__)

# The anti-virus test file every scanner detects, put together here so that the source
# itself does not set a scanner off.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# PDF names that run code, act by themselves on opening, or carry other files.
ACTIVE_PDF = re.compile(
    rb"/(JavaScript|JS|OpenAction|AA|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)"
    rb"(?=[\s/<>\[\]()%{}]|$)"
)
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
# How much a PDF's compressed streams may inflate to while being looked through.
MAX_INFLATED = 50_000_000


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
    video = _video(data)
    if video:
        return video
    try:
        return puremagic.from_string(data, mime=True) or _text_or_unknown(data)
    except puremagic.PureError:
        return _text_or_unknown(data)


def _video(data: bytes) -> str:
    """MP4 by its `ftyp` box and a video brand; WebM by its EBML header's document type."""
    if data[4:8] == b"ftyp" and data[8:12] in MP4_BRANDS:
        return "video/mp4"
    if data.startswith(EBML) and WEBM_DOCTYPE in data[:64]:
        return "video/webm"
    return ""


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


def _pdf_names(data: bytes) -> bytes:
    """The PDF's bytes with `#xx` escapes in names spelt out, and the contents of its
    compressed streams (object streams can hold the catalog and its actions) after them."""
    parts = [data]
    budget = MAX_INFLATED
    for stream in PDF_STREAM.finditer(data):
        if budget <= 0:
            raise UploadRefused("The PDF could not be read: it may be damaged")
        try:
            inflated = zlib.decompressobj().decompress(stream.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        parts.append(inflated)
    return re.sub(
        rb"#([0-9A-Fa-f]{2})", lambda m: bytes.fromhex(m.group(1).decode()), b"\n".join(parts)
    )


# Where a ZIP reader looks for the archive's directory: its last 64 KB and 22 bytes.
ZIP_DIRECTORY = b"PK\x05\x06"
ZIP_TAIL = 65_557


def _refuse_pdf_polyglot(data: bytes) -> None:
    """A PDF that is also another file: bytes after its last `%%EOF`, or a ZIP directory
    where a ZIP reader would find it (a PDF/ZIP polyglot opens as an archive)."""
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5 :].strip() or ZIP_DIRECTORY in data[-ZIP_TAIL:]:
        raise UploadRefused("The PDF has another file joined to it: save it again as a PDF")


def clean_name(name: str) -> str:
    """A file's name as given, safe to show: its last path component only (no "../"),
    without control or invisible formatting characters (a right-to-left override, U+202E,
    before "gpj.exe" makes "photo.exe" read "photoexe.jpg"). Files are stored under a name
    of the server's own choosing; this is only what the uploader called it."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Zl", "Zp"})
    name = " ".join(name.split()).strip(" .")
    return name[:255] or "file"


def _refuse_active_pdf(data: bytes) -> None:
    if ACTIVE_PDF.search(_pdf_names(data)):
        raise UploadRefused(
            "The selected PDF has scripts or automatic actions in it: print it to a new PDF "
            "and upload that"
        )


def _scan(data: bytes, clamd_socket: str) -> None:
    """Ask ClamAV's daemon about the file; if it cannot answer, the file is not accepted."""
    try:
        verdict = clamd.ClamdUnixSocket(path=clamd_socket, timeout=30).instream(io.BytesIO(data))
    except (clamd.ClamdError, OSError) as error:
        logger.error("Virus scanner unavailable: %s", type(error).__name__)
        verdict = None
    status = (verdict or {}).get("stream", ("ERROR", ""))[0]
    if status == "FOUND":
        raise UploadRefused("The selected file contains a virus")
    if status != "OK":
        raise UploadRefused("The file could not be checked for viruses: try again later")


def check_upload(
    data: bytes, *, allowed: dict[str, str], max_bytes: int, clamd_socket: str = ""
) -> CheckedFile:
    """The file, its real type and extension; refuses anything not in `allowed`, active
    content, and (when `clamd_socket` names ClamAV's daemon) anything it detects."""
    if not data:
        raise UploadRefused("The selected file is empty")
    if len(data) > max_bytes:
        raise UploadRefused(f"The selected file must be smaller than {max_bytes // 1_000_000} MB")
    if EICAR in data:
        raise UploadRefused("The selected file contains a virus")
    content_type = _detect(data)
    if content_type not in allowed:
        kinds = ", ".join(sorted({ext.upper() for ext in allowed.values()}))
        raise UploadRefused(f"The selected file must be a {kinds}")
    if content_type == "application/pdf":
        _refuse_pdf_polyglot(data)
        _refuse_active_pdf(data)
    if clamd_socket:
        _scan(data, clamd_socket)
    if content_type in IMAGES:
        data = _without_metadata(data, content_type)
    return CheckedFile(data, content_type, allowed[content_type])
