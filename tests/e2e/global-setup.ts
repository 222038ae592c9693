/**
 * A real SMTP server for the run: the portal sends invitations to it, and each message is
 * written to tests/.tmp/mail/ where the tests read it (workers are separate processes).
 *
 * Each run starts on a fresh database, so what earlier runs on this port left is cleared too: the
 * stored sessions (auth.setup.ts writes them anew) and the TOTP steps used (support.ts), which
 * would otherwise make a run that starts right after another wait for fresh codes.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

// One mail folder per e2e port, so parallel runs on one machine do not read each other's mail.
const TMP = path.join(__dirname, "..", ".tmp");
const PORT = process.env.E2E_PORT || 3100;
export const MAIL_DIR = path.join(TMP, `mail-${PORT}`);

export default async function globalSetup() {
  for (const dir of [`auth-${PORT}`, `totp-${PORT}`]) rmSync(path.join(TMP, dir), { recursive: true, force: true });
  rmSync(MAIL_DIR, { recursive: true, force: true });
  mkdirSync(MAIL_DIR, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to.flatMap((a) => a.value) : (mail.to?.value ?? []);
          writeFileSync(
            path.join(MAIL_DIR, `${Date.now()}-${++n}.json`),
            JSON.stringify({ to: to.map((a) => a.address), subject: mail.subject, text: mail.text }),
          );
          callback();
        })
        .catch(callback);
    },
  });
  const port = Number(process.env.E2E_SMTP_PORT || 2526);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
