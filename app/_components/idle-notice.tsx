"use client";
/**
 * Warns shortly before the idle timeout (SESSION_IDLE_MINUTES) and offers "Aangemeld blijven".
 * The server decides: before warning, the component asks /api/session how long is left (another
 * tab may have been active), and when the time is up it asks again and only then goes to the
 * login page. Typing or clicking on this page counts as activity: it is sent along with the next
 * check instead of on every key press, so a long form does not get its author signed out.
 */
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { nextIdleCheckSeconds, warningSecondsFor } from "@/lib/auth/session-rules";

type Status = { idleSecondsLeft: number };

export function IdleNotice({ idleMinutes }: { idleMinutes: number }) {
  const t = useTranslations("sessions");
  const pathname = usePathname();
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const [pending, setPending] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const interacted = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const focusBefore = useRef<HTMLElement | null>(null);
  const visible = secondsLeft !== null;
  const warnSeconds = warningSecondsFor(idleMinutes);

  // One function object for timers and handlers, always seeing the latest state.
  const api = useRef({
    warnSeconds,
    schedule(seconds: number) {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void api.current.check(false), seconds * 1000);
    },
    async ask(method: "GET" | "POST"): Promise<Status | "ended" | "error"> {
      try {
        const res = await fetch("/api/session", { method, cache: "no-store", credentials: "same-origin" });
        if (res.status === 401) {
          const body = (await res.json().catch(() => ({}))) as { reason?: string | null };
          window.location.assign(body.reason ? `/login?reason=${encodeURIComponent(body.reason)}` : "/login");
          return "ended";
        }
        return res.ok ? ((await res.json()) as Status) : "error";
      } catch {
        return "error";
      }
    },
    async check(stay: boolean) {
      // Input on this page since the last check keeps the session alive, like a click on the button.
      const method = stay || interacted.current ? "POST" : "GET";
      interacted.current = false;
      const status = await api.current.ask(method);
      if (status === "ended") return false;
      if (status === "error") {
        api.current.schedule(30); // a network hiccup: try again soon, the server keeps the truth
        return false;
      }
      const warn = api.current.warnSeconds;
      if (status.idleSecondsLeft > warn) setSecondsLeft(null);
      else setSecondsLeft(status.idleSecondsLeft);
      api.current.schedule(nextIdleCheckSeconds(status.idleSecondsLeft, warn));
      return true;
    },
  });

  // Every page (also a client-side navigation, which reached the server) starts the clock anew;
  // the server's last-seen value may lag up to a minute behind, hence the extra 60 s margin.
  useEffect(() => {
    api.current.warnSeconds = warnSeconds;
    api.current.schedule(Math.max(5, idleMinutes * 60 - warnSeconds - 60));
    return () => clearTimeout(timer.current);
  }, [pathname, idleMinutes, warnSeconds]);

  useEffect(() => {
    const mark = () => {
      interacted.current = true;
    };
    const events = ["keydown", "pointerdown", "wheel", "touchstart"] as const;
    for (const e of events) window.addEventListener(e, mark, { passive: true, capture: true });
    return () => {
      for (const e of events) window.removeEventListener(e, mark, { capture: true });
    };
  }, []);

  // Keyboard users land on the button at once; focus goes back where it was afterwards.
  useEffect(() => {
    if (visible) {
      focusBefore.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      button.current?.focus();
    }
  }, [visible]);

  async function stay() {
    setPending(true);
    setFailed(false);
    const ok = await api.current.check(true);
    setPending(false);
    if (ok) focusBefore.current?.focus();
    else setFailed(true);
  }

  const minutes = secondsLeft === null ? 0 : Math.ceil(secondsLeft / 60);
  const text = minutes >= 1 ? t("warning", { minutes }) : t("warning_soon");
  return (
    <div role="alert">
      {visible && (
        <div
          className="alert warning"
          style={{ position: "fixed", bottom: "1rem", right: "1rem", zIndex: 50, maxWidth: "28rem", boxShadow: "0 4px 16px rgba(0,0,0,.2)", margin: 0 }}
        >
          <p style={{ marginTop: 0 }}>{text}</p>
          {failed && <p>{t("stay_failed")}</p>}
          <button ref={button} className="button" type="button" disabled={pending} onClick={() => void stay()}>
            {t("stay")}
          </button>
        </div>
      )}
    </div>
  );
}
