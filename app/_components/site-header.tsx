import Link from "next/link";
import type { Actor } from "@/lib/auth/policy";
import { primaryRole } from "@/lib/auth/policy";
import { getMessages } from "@/lib/i18n/server";
import { setLocaleAction } from "./locale-actions";
import { signOutAction } from "./auth-actions";
import { NavLinks, type NavItem } from "./nav-links";
import { navItemsFor } from "./nav-items";
import { IdleNotice } from "./idle-notice";
import { env } from "@/lib/env";

export async function SiteHeader({ actor }: { actor: Actor | null }) {
  const { t } = await getMessages();
  const role = actor ? primaryRole(actor) : null;
  const items: NavItem[] = actor ? navItemsFor(actor).map((i) => ({ href: i.href, label: t.nav[i.key] })) : [];
  return (
    <header className="site-header">
      <div className="header-inner">
        <Link className="brand" href="/">
          {t.app.name}
        </Link>
        <div className="header-tools">
          <form action={setLocaleAction}>
            <input type="hidden" name="lang" value={t.shell.switch_to_lang} />
            <button className="linklike" type="submit" lang={t.shell.switch_to_lang} aria-label={`${t.shell.language}: ${t.shell.switch_to}`}>
              {t.shell.switch_to}
            </button>
          </form>
          {actor && (
            <>
              <span>
                <span className="visually-hidden">{t.shell.signed_in_as} </span>
                {actor.name}
                {role && <span className="tag" style={{ marginLeft: ".5rem", color: "#15365f" }}>{t.roles[role]}</span>}
              </span>
              <form action={signOutAction}>
                <button className="linklike" type="submit">
                  {t.shell.sign_out}
                </button>
              </form>
            </>
          )}
        </div>
      </div>
      {items.length > 0 && (
        <nav className="main-nav" aria-label={t.shell.nav_label}>
          <NavLinks items={items} />
        </nav>
      )}
      {actor && <IdleNotice idleMinutes={env().SESSION_IDLE_MINUTES} />}
    </header>
  );
}
