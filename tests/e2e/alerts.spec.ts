/**
 * Alert rules (issue 16 §3), the test of the issue: the Enovation vendor editor creates a rule
 * with a webhook to a real HTTP receiver (on loopback, which the demo's CHECKER_ALLOW_TARGETS
 * allows), copies the signing secret shown once, clicks "Test versturen"; the receiver gets a body
 * with a valid signature, and the delivery shows on the log page as sent.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { USERS, expect, test } from "./support";

/** The worker sends the outbox every CHECKER_DELIVERY_TICK_SECONDS (2 s on the e2e server, playwright.config.ts); the wait is for a loaded machine. */
const DELIVERY_WAIT = 75_000;

type Received = { headers: http.IncomingHttpHeaders; body: string };

function validSignature(secret: string, r: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${r.headers["x-duo-timestamp"]}.${r.body}`).digest("hex")}`);
  const given = Buffer.from(String(r.headers["x-duo-signature"] ?? ""));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

test("a vendor editor's alert rule with a webhook: the test arrives signed and shows in the delivery log", async ({ as }) => {
  test.setTimeout(180_000);
  const received: Received[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  try {
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/duo-hook`;
    const name = `NOC Enovation ${Date.now()}`;
    const page = await as(USERS.vendor);
    await page.goto("/alerts");
    await expect(page.locator("main h1")).toHaveText("Meldingsregels");
    await expect(page.getByRole("navigation").getByRole("link", { name: "Meldingsregels" })).toBeVisible();

    const form = page.locator("section", { has: page.getByRole("heading", { name: "Nieuwe meldingsregel" }) });
    // A vendor editor can only choose its own vendor.
    await expect(form.getByLabel("Geldt voor").locator("option")).toHaveText(["Leverancier"]);
    await expect(form.getByLabel("Leverancier", { exact: true }).locator("option")).toHaveText(["Kies…", "Enovation"]);
    await form.getByLabel("Naam").fill(name);
    await form.getByLabel("Leverancier", { exact: true }).selectOption("enovation");
    await form.getByLabel("Langer verminderd dan de drempel").check();
    // A webhook to an internal address is refused, in Dutch.
    await form.getByRole("button", { name: "Webhook toevoegen" }).click();
    await form.getByLabel("Webhook-URL 1").fill("http://10.1.2.3/hook");
    await form.getByRole("button", { name: "Opslaan" }).click();
    await expect(form.getByText("Deze webhook wijst naar een intern of gereserveerd netwerkadres; dat is niet toegestaan.").first()).toBeVisible();

    await form.getByLabel("Webhook-URL 1").fill(url);
    await form.getByLabel("Formaat webhook 1").selectOption("signed_json");
    await form.getByRole("button", { name: "Opslaan" }).click();
    await expect(form.getByText("De meldingsregel is opgeslagen.")).toBeVisible();
    const secret = await form.getByLabel(/Geheim voor het ondertekenen van/).inputValue();
    expect(secret).toMatch(/^whsec_/);

    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
    await expect(row).toContainText("Leverancier");
    await expect(row).toContainText("1 webhook");
    await row.getByRole("button", { name: `Testbericht van meldingsregel ${name} versturen` }).click();
    await expect(row.getByText("Er staat 1 testbericht klaar; het wordt binnen een minuut verstuurd.")).toBeVisible();

    await expect.poll(() => received.length, { timeout: DELIVERY_WAIT, message: "the worker posts the test to the receiver" }).toBeGreaterThan(0);
    const hit = received[0];
    expect(validSignature(secret, hit), hit.body).toBe(true);
    expect(validSignature("whsec_another", hit)).toBe(false);
    const body = JSON.parse(hit.body);
    expect(body.event).toBe("alert.test");
    expect(body.ruleName).toBe(name);
    expect(hit.headers["x-duo-event"]).toBe("alert.test");

    // The delivery log, filtered by the rule: time, recipient, channel, result, attempts.
    await row.getByRole("link", { name, exact: true }).click();
    await expect(page.locator("main h1")).toHaveText("Bezorglog meldingen");
    const logRow = page.getByRole("row").filter({ has: page.getByText(url) });
    await expect(logRow).toHaveCount(1);
    await expect(logRow).toContainText(name);
    await expect(logRow).toContainText("Webhook");
    await expect(logRow).toContainText("Verstuurd");
    await expect(logRow.getByRole("cell").nth(7)).toHaveText("1");
    await expect(logRow).toContainText("alert.test");

    // The institution editor of another scope does not see the rule.
    const editor = await as(USERS.editor);
    await editor.goto("/alerts");
    await expect(editor.getByRole("link", { name, exact: true })).toHaveCount(0);
  } finally {
    await new Promise<void>((r) => receiver.close(() => r()));
  }
});
