import Link from "next/link";

/**
 * The body of the not-found, forbidden and unauthorized pages: a title, one sentence and the way
 * on. Next renders each of these pages into every page's RSC payload (once per layout level, for
 * the client to show without a round trip), so they stay this small.
 */
export function StatusCard({ title, text, href, linkText }: { title: string; text: string; href: string; linkText: string }) {
  return (
    <main id="main" tabIndex={-1}>
      <div className="card narrow">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <Link href={href}>{linkText}</Link>
        </p>
      </div>
    </main>
  );
}
