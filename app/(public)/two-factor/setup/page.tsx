/**
 * The only page a session reaches while its role requires a second factor that is not set up
 * yet (lib/auth/session.ts sends every other page here, and refuses every action). Also the way
 * back after a programme admin reset someone's second factor.
 */
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signOutAction } from "@/app/_components/auth-actions";
import { EnrolPanel } from "@/app/(portal)/account/two-factor/enrol-panel";
import { primaryRole } from "@/lib/auth/policy";
import { TWO_FACTOR_REQUIRED_ROLES } from "@/lib/auth/roles";
import { getEnrolmentActor } from "@/lib/auth/session";
import { getTranslations } from "@/lib/i18n/translations";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("two_factor");
  return { title: t("setup_title") };
}

export default async function TwoFactorSetupPage() {
  const session = await getEnrolmentActor();
  if (!session) redirect("/login");
  // Nothing to do here once it is set up (or for roles that do not require it: the account page has it).
  if (!session.pending) redirect("/account");
  const t = await getTranslations();
  const role = session.actor.memberships.find((m) => TWO_FACTOR_REQUIRED_ROLES.includes(m.role))?.role ?? primaryRole(session.actor);
  return (
    <div className="card narrow">
      <h1>{t("two_factor.setup_title")}</h1>
      <p className="lead">{t("two_factor.setup_required", { role: role ? t(`roles.${role}`) : "" })}</p>
      <EnrolPanel after="continue" autoStart />
      <form action={signOutAction} className="actions-row" style={{ marginTop: "1.5rem" }}>
        <span className="muted">{session.actor.email}</span>
        <button className="linklike" type="submit">
          {t("shell.sign_out")}
        </button>
      </form>
    </div>
  );
}
