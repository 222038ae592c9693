import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { VENDOR_INFO, type Vendor } from "@/lib/domain/vendors";
import { isAppError } from "@/lib/errors";
import { errorText } from "@/lib/i18n/messages";
import { getLocale } from "@/lib/i18n/server";
import { subscriptionForLink, type LinkAction } from "@/lib/status/subscriptions";
import { FormAlert } from "@/app/_components/form-bits";
import { LinkActionButton } from "./link-button";

/** The confirm and unsubscribe pages: check the link, say what it is about, act on one click. */
export async function SubscriptionLinkPage({ action, id, token }: { action: LinkAction; id: string; token: string }) {
  await ensureDatabaseReady();
  const [t, locale] = await Promise.all([getTranslations("status_subscribe"), getLocale()]);
  let body: React.ReactNode;
  try {
    const row = await subscriptionForLink(getDb(), action, id, token);
    const names = row.vendorCodes.map((v) => VENDOR_INFO[v as Vendor]?.name ?? v).join(", ");
    if (row.unsubscribedAt) body = <FormAlert kind="info">{action === "confirm" ? t("errors.unsubscribed") : t("already_unsubscribed")}</FormAlert>;
    else if (action === "confirm" && row.confirmedAt) body = <FormAlert kind="ok">{t("confirmed", { infrastructures: names })}</FormAlert>;
    else
      body = (
        <>
          <p>{action === "confirm" ? t("confirm_intro", { infrastructures: names }) : t("unsubscribe_intro", { infrastructures: names })}</p>
          <LinkActionButton action={action} id={row.id} token={token} names={names} />
        </>
      );
  } catch (e) {
    if (!isAppError(e)) throw e;
    body = <FormAlert kind="error">{errorText(locale, e)}</FormAlert>;
  }
  return (
    <>
      <p>
        <Link href="/status">← {t("back")}</Link>
      </p>
      <h1>{action === "confirm" ? t("confirm_title") : t("unsubscribe_title")}</h1>
      {body}
    </>
  );
}
