/** Filling a generated PDF form in a test, as a person in a PDF viewer would. */
import { PDFDocument, PDFDropdown, type PDFTextField } from "pdf-lib";

/**
 * Types `values` into the named fields (dropdowns select) and saves. A viewer regenerates
 * appearances with its own fonts; for a round trip only the values matter, so appearances are
 * left as they are.
 */
export async function fillPdfForm(bytes: Uint8Array, values: Record<string, string>): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  const form = doc.getForm();
  for (const [name, value] of Object.entries(values)) {
    const field = form.getField(name);
    if (field instanceof PDFDropdown) field.select(value);
    else (field as PDFTextField).setText(value);
  }
  return doc.save({ updateFieldAppearances: false });
}
