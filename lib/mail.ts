/**
 * Outgoing mail. With SMTP_URL set, mail goes through nodemailer; without it (development and
 * the demo) the message is written to the server log so the link can be copied from there.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

export type Mail = { to: string; subject: string; text: string };

let transport: Transporter | undefined;
let transportUrl: string | undefined;

export async function sendMail(mail: Mail): Promise<{ delivered: "smtp" | "log" }> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) {
    log.warn("mail.logged", { note: "SMTP_URL is not set; mail written to the log (development only)" });
    console.log(`\n──── e-mail to ${mail.to} ────\nSubject: ${mail.subject}\n\n${mail.text}\n────────────\n`);
    return { delivered: "log" };
  }
  if (!transport || transportUrl !== SMTP_URL) {
    transport = nodemailer.createTransport(SMTP_URL);
    transportUrl = SMTP_URL;
  }
  await transport.sendMail({ from: MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
  return { delivered: "smtp" };
}
