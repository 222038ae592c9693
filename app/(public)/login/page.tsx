import Link from "next/link";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ENROL_PATH, getActor, getEnrolmentActor } from "@/lib/auth/session";
import { homePath } from "@/lib/auth/policy";
import { getTranslations } from "@/lib/i18n/translations";
import { FormAlert } from "@/app/_components/form-bits";
import { LoginForm } from "./login-form";
import { SessionEndedNotice } from "./session-ended-notice";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await getActor();
  if (actor) redirect(homePath(actor));
  // Signed in, but the role's second factor is not set up yet: that comes first.
  if ((await getEnrolmentActor())?.pending) redirect(ENROL_PATH);
  const sp = await searchParams;
  const t = await getTranslations("login");
  const notice = sp.reset === "1" ? t("reset_done") : sp.invited === "1" ? t("invite_done") : null;
  const next = typeof sp.callbackUrl === "string" ? safePath(sp.callbackUrl) : undefined;
  return (
    <div className="card narrow">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {notice && <FormAlert kind="ok">{notice}</FormAlert>}
      <SessionEndedNotice reason={sp.reason} />
      <LoginForm next={next} />
      <p className="muted">
        <Link href="/status">{t("status_link")}</Link>
      </p>
    </div>
  );
}

/** The callback URL next-auth adds is absolute; keep only its path so we never leave the site. */
function safePath(url: string) {
  try {
    const u = new URL(url, "http://x");
    return u.pathname.startsWith("/") && !u.pathname.startsWith("//") ? u.pathname + u.search : undefined;
  } catch {
    return undefined;
  }
}
