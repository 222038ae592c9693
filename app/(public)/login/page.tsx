import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ENROL_PATH, getActor, getEnrolmentActor } from "@/lib/auth/session";
import { homePath } from "@/lib/auth/policy";
import { getMessages } from "@/lib/i18n/server";
import { validationTexts } from "@/lib/i18n/messages";
import { FormAlert } from "@/app/_components/form-bits";
import { LoginForm } from "./login-form";
import { SessionEndedNotice } from "./session-ended-notice";

export const metadata: Metadata = { title: "Inloggen" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await getActor();
  if (actor) redirect(homePath(actor));
  // Signed in, but the role's second factor is not set up yet: that comes first.
  if ((await getEnrolmentActor())?.pending) redirect(ENROL_PATH);
  const sp = await searchParams;
  const { t } = await getMessages();
  const notice = sp.reset === "1" ? t.login.reset_done : sp.invited === "1" ? t.login.invite_done : null;
  const next = typeof sp.callbackUrl === "string" ? safePath(sp.callbackUrl) : undefined;
  return (
    <div className="card narrow">
      <h1>{t.login.title}</h1>
      <p className="lead">{t.login.intro}</p>
      {notice && <FormAlert kind="ok">{notice}</FormAlert>}
      <SessionEndedNotice reason={sp.reason} />
      <LoginForm
        next={next}
        labels={{ email: t.login.email, password: t.login.password, submit: t.login.submit, submitting: t.login.submitting, forgot: t.login.forgot }}
        second={{
          intro: t.two_factor.login_intro,
          recoveryIntro: t.two_factor.login_recovery_intro,
          codeLabel: t.two_factor.code_label,
          codeHint: t.two_factor.code_hint,
          recoveryLabel: t.two_factor.recovery_label,
          recoveryHint: t.two_factor.recovery_hint,
          useRecovery: t.two_factor.use_recovery,
          useCode: t.two_factor.use_code,
          submit: t.two_factor.submit_code,
          startOver: t.two_factor.start_over,
          codeFormat: t.two_factor.code_format,
          recoveryFormat: t.two_factor.recovery_format,
        }}
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
