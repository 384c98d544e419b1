"""Validates every signature of a PDF with pyHanko, trusting the given root certificate.

Usage: python3 pyhanko_validate.py ROOT.pem FILE.pdf
Prints one line per signature:
  SIG <field> intact=<bool> valid=<bool> trusted=<bool> coverage=<...> modification=<...> summary=<...>
"""
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def main() -> int:
    root = load_cert_from_pemder(sys.argv[1])
    with open(sys.argv[2], 'rb') as f:
        reader = PdfFileReader(f, strict=False)
        sigs = reader.embedded_signatures
        print(f"SIGNATURES {len(sigs)}")
        for sig in sigs:
            vc = ValidationContext(trust_roots=[root])
            try:
                st = validate_pdf_signature(sig, vc)
                print(
                    f"SIG {sig.field_name} intact={st.intact} valid={st.valid} "
                    f"trusted={st.trusted} coverage={st.coverage.name} "
                    f"modification={st.modification_level.name if st.modification_level else None} "
                    f"docmdp_ok={st.docmdp_ok} summary={st.summary()}"
                )
            except Exception as e:  # noqa: BLE001 - report, the test judges
                print(f"SIG {sig.field_name} ERROR {type(e).__name__}: {e}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
