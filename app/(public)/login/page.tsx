import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { homePath } from "@/lib/auth/policy";
import { getMessages } from "@/lib/i18n/server";
import { validationTexts } from "@/lib/i18n/messages";
import { FormAlert } from "@/app/_components/form-bits";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Inloggen" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await getActor();
  if (actor) redirect(homePath(actor));
  const sp = await searchParams;
  const { t } = await getMessages();
  const notice = sp.reset === "1" ? t.login.reset_done : sp.invited === "1" ? t.login.invite_done : null;
  const next = typeof sp.callbackUrl === "string" ? safePath(sp.callbackUrl) : undefined;
  return (
    <div className="card narrow">
      <h1>{t.login.title}</h1>
      <p className="lead">{t.login.intro}</p>
      {notice && <FormAlert kind="ok">{notice}</FormAlert>}
      <LoginForm
        next={next}
        labels={{ email: t.login.email, password: t.login.password, submit: t.login.submit, submitting: t.login.submitting, forgot: t.login.forgot }}
        errorText={validationTexts(t)}
      />
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
