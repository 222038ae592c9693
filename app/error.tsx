"use client";
/**
 * Shown for unexpected errors. Next hides the message in production; we show only a reference:
 * the digest, which on this server is the request id (X-Request-Id, lib/ops/error-digest.ts), the
 * id in the error's JSON log line.
 */
import { useEffect } from "react";

const text = {
  nl: { title: "Er ging iets mis", body: "Er ging iets mis aan onze kant. Probeer het opnieuw; blijft het misgaan, neem dan contact op met het programmabureau.", retry: "Opnieuw proberen", ref: "Referentie", home: "Naar de startpagina" },
  en: { title: "Something went wrong", body: "Something went wrong on our side. Please try again; if it keeps failing, contact the programme office.", retry: "Try again", ref: "Reference", home: "Go to the home page" },
};

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error("page error", error.digest);
  }, [error]);
  const lang = typeof document !== "undefined" && document.documentElement.lang === "en" ? "en" : "nl";
  const t = text[lang];
  return (
    <main id="main" tabIndex={-1}>
      <div className="card narrow">
        <h1>{t.title}</h1>
        <p>{t.body}</p>
        {error.digest && (
          <p className="muted">
            {t.ref}: {error.digest}
          </p>
        )}
        <p>
          <button className="button" type="button" onClick={reset}>
            {t.retry}
          </button>{" "}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full page load leaves the broken client state behind */}
          <a href="/">{t.home}</a>
        </p>
      </div>
    </main>
  );
}
