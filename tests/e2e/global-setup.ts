/**
 * A real SMTP server for the run: the portal sends invitations to it, and each message is
 * written to tests/.tmp/mail/ where the tests read it (workers are separate processes).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

// One mail folder per e2e port, so parallel runs on one machine do not read each other's mail.
export const MAIL_DIR = path.join(__dirname, "..", ".tmp", `mail-${process.env.E2E_PORT || 3100}`);

export default async function globalSetup() {
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
