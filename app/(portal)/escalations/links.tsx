import Link from "next/link";
import type { StoredLinks } from "@/lib/escalations/queries";
import type { linkNames } from "@/lib/escalations/queries";
import { VENDOR_LABELS, isVendor } from "@/lib/domain/vendors";
import type { Locale } from "@/lib/i18n/messages";

/** The things an escalation or a decision is about, as links where they have a page. */
export function Links({ links, names, locale }: { links: StoredLinks; names: Awaited<ReturnType<typeof linkNames>>; locale: Locale }) {
  const items = [
    ...links.institutionIds.map((id) => (
      <Link key={id} href={`/institutions/${id}`}>
        {names.institutions.get(id) ?? id}
      </Link>
    )),
    ...links.vendorCodes.map((v) => <span key={v}>{isVendor(v) ? VENDOR_LABELS[v].name : v}</span>),
    ...links.milestoneCodes.map((c) => <span key={c}>{names.milestones.get(c)?.[locale] ?? c}</span>),
    ...(links.escalationIds ?? []).map((id) => (
      <Link key={id} href={`/escalations/${id}`}>
        E-{names.escalations.get(id)?.number ?? "?"}
      </Link>
    )),
  ];
  if (items.length === 0) return <>—</>;
  return (
    <>
      {items.map((el, i) => (
        <span key={i}>
          {i > 0 && ", "}
          {el}
        </span>
      ))}
    </>
  );
}
