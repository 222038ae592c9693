"use server";
import { requirePermission } from "@/lib/auth/session";
import { runAction } from "@/lib/actions";
import { buildPreview, readUpload } from "./upload";

/**
 * Parses and checks the file; writes nothing. The import itself is the commit route
 * (./commit/route.ts), which streams its progress.
 */
export async function previewImportAction(formData: FormData) {
  return runAction(async () => {
    await requirePermission("institution.manage");
    const { filename, bytes } = await readUpload(formData);
    return buildPreview(filename, bytes);
  });
}
