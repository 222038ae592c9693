import type { Metadata } from "next";
import { connection } from "next/server";
import { getTranslations } from "@/lib/i18n/translations";
import { SubscriptionLinkPage } from "../../link-page";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("status_subscribe");
  return { title: t("confirm_title") };
}

/** Public: the HMAC token in the link (?t=) is the permission. Opening the page changes nothing; the button does. */
export default async function Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  return <SubscriptionLinkPage action="confirm" id={id} token={typeof sp.t === "string" ? sp.t : ""} />;
}
