import type { Executor } from "@/db/client";
import { linkChoices } from "@/lib/escalations/queries";
import { VENDOR_CODES, VENDOR_LABELS } from "@/lib/domain/vendors";
import type { Locale } from "@/lib/i18n/messages";
import type { LinkChoices } from "./forms";

/** The link options of the forms, in the page's language. */
export async function formChoices(db: Executor, locale: Locale): Promise<LinkChoices> {
  const c = await linkChoices(db);
  return {
    institutions: c.institutions,
    vendors: VENDOR_CODES.map((v) => ({ code: v, name: VENDOR_LABELS[v].name })),
    milestones: c.milestones.map((m) => ({ code: m.code, title: m[locale] })),
    escalations: c.escalations.map((e) => ({ id: e.id, label: `E-${e.number} ${e.title}` })),
  };
}
