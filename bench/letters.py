"""How fast letters are rendered: each letter's template filled in by the safe engine,
laid out as an A4 HTML document and made into a PDF by WeasyPrint, one after another in
one process, as signing a letter does.

    uv run python bench/letters.py --letters 50
    uv run python bench/letters.py --letters 50 --profile dover --kind caution

No database is needed: the letters are made from the preview's made-up data. Nothing is
written into the repository.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdb import machine_load


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=50)
    parser.add_argument("--profile", default="harborough")
    parser.add_argument("--kind", default="restrictions")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    os.environ.setdefault("CAUTION_DATA_DIR", tempfile.mkdtemp(prefix="caution-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caution.settings")
    import django

    django.setup()
    from caution.letters import content, rendering
    from caution.policy.profiles import load_profile

    profile = load_profile(args.profile)
    source = rendering.shipped_source(args.profile, args.kind)
    fields = content.sample_fields(args.kind, profile)
    rendering.render_pdf(rendering.letter_html(fields, "<p>warm up</p>", profile, final=True))

    body_times, pdf_times, sizes = [], [], []
    started = time.perf_counter()
    for number in range(args.letters):
        fields["reference"] = f"L-BENCH{number:03d}"
        t0 = time.perf_counter()
        body = rendering.render_body(source, fields)
        document = rendering.letter_html(fields, body, profile, final=True)
        t1 = time.perf_counter()
        pdf = rendering.render_pdf(document)
        t2 = time.perf_counter()
        body_times.append(t1 - t0)
        pdf_times.append(t2 - t1)
        sizes.append(len(pdf))
    elapsed = time.perf_counter() - started

    print(f"{args.letters} {args.profile} {args.kind} letters in {elapsed:.2f} s")
    print(f"letters rendered per second (HTML to PDF): {args.letters / elapsed:.1f}")
    print(f"template and HTML, median: {statistics.median(body_times) * 1000:.1f} ms")
    print(
        f"PDF, median: {statistics.median(pdf_times) * 1000:.0f} ms, "
        f"slowest: {max(pdf_times) * 1000:.0f} ms"
    )
    print(f"PDF size, median: {statistics.median(sizes) / 1024:.0f} KiB")
    print(f"Finished; {machine_load()}.")


if __name__ == "__main__":
    main()
