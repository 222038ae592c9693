"use client";
/** The root layout itself failed. The reference is the request id, as on app/error.tsx. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="nl">
      <body>
        <main id="main">
          <h1>Er ging iets mis</h1>
          <p>Er ging iets mis aan onze kant. Probeer het later opnieuw.</p>
          {error.digest && <p>Referentie: {error.digest}</p>}
          <p>
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- the root layout itself failed: only a full page load recovers */}
            <a href="/">Naar de startpagina</a>
          </p>
        </main>
      </body>
    </html>
  );
}
