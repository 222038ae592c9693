import type { Actor } from "@/lib/auth/policy";
import { SiteFooter } from "./site-footer";
import { SiteHeader } from "./site-header";

/** What every page sits in: the header (for the signed-in actor, if any), the main landmark and the footer. */
export function PageFrame({ actor, children }: { actor: Actor | null; children: React.ReactNode }) {
  return (
    <>
      <SiteHeader actor={actor} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
