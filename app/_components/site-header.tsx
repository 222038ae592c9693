import Link from "next/link";
import type { Actor } from "@/lib/auth/policy";
import { primaryRole } from "@/lib/auth/policy";
import { getTranslations } from "@/lib/i18n/translations";
import { setLocaleAction } from "./locale-actions";
import { signOutAction } from "./auth-actions";
import { NavLinks, type NavItem } from "./nav-links";
import { navItemsFor } from "./nav-items";
import { IdleNotice } from "./idle-notice";
import { NotificationBell } from "./notification-bell";
import { env } from "@/lib/env";

export async function SiteHeader({ actor }: { actor: Actor | null }) {
  const [t, tn, tr, ta] = await Promise.all([getTranslations("shell"), getTranslations("nav"), getTranslations("roles"), getTranslations("app")]);
  const role = actor ? primaryRole(actor) : null;
  const items: NavItem[] = actor ? navItemsFor(actor).map((i) => ({ href: i.href, label: tn(i.key) })) : [];
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link className="brand" href="/">
          {ta("name")}
        </Link>
        <div className="header-tools">
          <form action={setLocaleAction}>
            <input type="hidden" name="lang" value={t("switch_to_lang")} />
            <button className="linklike" type="submit" lang={t("switch_to_lang")} aria-label={`${t("language")}: ${t("switch_to")}`}>
              {t("switch_to")}
            </button>
          </form>
          {actor && (
            <>
              <NotificationBell />
              <span>
                <span className="visually-hidden">{t("signed_in_as")} </span>
                {actor.name}
                {role && <span className="tag" style={{ marginLeft: ".5rem", color: "#15365f" }}>{tr(role)}</span>}
              </span>
              <form action={signOutAction}>
                <button className="linklike" type="submit">
                  {t("sign_out")}
                </button>
              </form>
            </>
          )}
        </div>
      </div>
      {items.length > 0 && (
        <nav className="main-nav" aria-label={t("nav_label")}>
          <NavLinks items={items} />
        </nav>
      )}
      {actor && <IdleNotice idleMinutes={env().SESSION_IDLE_MINUTES} />}
    </header>
  );
}
