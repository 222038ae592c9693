/**
 * Go-live after go-live, made visible (issue 17 §1, §2): a programme admin sees a closed gate
 * with its six conditions on an institution, the Enovation vendor uploads a volumes CSV (first a
 * file with errors: nothing stored, every row's error shown; then a clean one), the dashboard's
 * "live tegenover uitwisselend" widget counts the institution as exchanging, and an override with
 * a written reason shows as an override. On a seeded Enovation institution that is not live and
 * that no other spec uses (the second-to-last such one of the demo list).
 */
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { getDemoOnboarding } from "@/db/seed/onboarding-data";
import { amsterdamMonthOf, previousMonth } from "@/lib/domain/availability";
import { USERS, expect, pageAs, test } from "./support";

const liveUras = new Set(getDemoOnboarding(DEMO_INSTITUTIONS).filter((h) => h.events.some((e) => e.stepCode === "go_live" && e.action === "verified")).map((h) => h.ura));
const candidates = DEMO_INSTITUTIONS.filter((d) => d.vendor === "enovation" && !liveUras.has(d.ura));
const institution = candidates[candidates.length - 2];
const otherVendorInstitution = DEMO_INSTITUTIONS.find((d) => d.vendor === "founda")!;
const month = previousMonth(amsterdamMonthOf(new Date()));
const csv = (rows: string[]) => ({ name: "volumes.csv", mimeType: "text/csv", buffer: Buffer.from(["ura;maand;richting;infrastructuur;documenten;onderzoeken", ...rows].join("\n")) });

test("closed gate with its conditions; a vendor's volumes upload, all or nothing; the dashboard counts the exchange; an override shows as such", async ({ browser }) => {
  const admin = await pageAs(browser, USERS.admin);
  const org = await (await admin.request.get(`/fhir/Organization?identifier=${encodeURIComponent(`http://fhir.nl/fhir/NamingSystem/ura|${institution.ura}`)}`)).json();
  const id = org.entry[0].resource.id as string;

  // The institution page: the gate is closed and says which conditions do not hold.
  await admin.goto(`/institutions/${id}`);
  const golive = admin.getByTestId("golive");
  await expect(admin.getByTestId("golive-gate")).toContainText("Poort dicht");
  await expect(golive.getByTestId("golive-conditions").locator("tbody tr")).toHaveCount(6);
  await expect(golive.getByTestId("golive-conditions")).toContainText("Uitwisseling met andere infrastructuur bevestigd");

  // The dashboard before the upload.
  await admin.goto("/dashboard/network");
  const enovationRow = admin.getByTestId("exchange-widget").getByTestId("exchange-enovation");
  const exchangingBefore = Number(await enovationRow.locator("td").nth(3).innerText());
  await admin.goto("/dashboard/attention");
  await expect(admin.getByTestId("golive-widget")).toContainText("Live via override");
  await admin.goto("/dashboard");
  await expect(admin.getByTestId("stat-live-detail")).toContainText("via override");

  // The vendor: a file with errors stores nothing and names every row's problem.
  const vendor = await pageAs(browser, USERS.vendor);
  await vendor.goto("/registry/volumes");
  await expect(vendor.locator("main h1")).toHaveText("Uitwisselvolumes melden");
  await vendor.getByLabel("CSV-bestand").setInputFiles(csv([`${institution.ura};${month};in;founda;12;3`, `${otherVendorInstitution.ura};${month};in;enovation;4;1`, `${institution.ura};2099-01;sideways;founda;x;1`]));
  await vendor.getByRole("button", { name: "Controleren" }).click();
  const errors = vendor.getByTestId("volume-errors");
  await expect(errors).toContainText(`Regel 3: Instelling ${otherVendorInstitution.ura} hoort niet bij uw leverancier.`);
  await expect(errors).toContainText("Regel 4: Maand moet JJJJ-MM zijn, niet in de toekomst.");
  await expect(errors).toContainText("Regel 4: Richting moet in of uit zijn.");
  await expect(errors).toContainText("Regel 4: documenten moet een geheel getal van 0 of meer zijn.");
  await expect(vendor.getByRole("button", { name: "Uploaden" })).toBeDisabled();

  // A clean file: preview, then stored.
  await vendor.getByLabel("CSV-bestand").setInputFiles(csv([`${institution.ura};${month};in;founda;12;3`, `${institution.ura};${month};uit;alphatron;5;1`]));
  await vendor.getByRole("button", { name: "Controleren" }).click();
  await expect(vendor.getByTestId("volume-rows").locator("tbody tr")).toHaveCount(2);
  await vendor.getByRole("button", { name: "Uploaden" }).click();
  await expect(vendor.getByRole("status")).toContainText("2 regels opgeslagen.");
  await vendor.context().close();

  // The dashboard counts the institution as exchanging (it is not live, so live-and-exchanging stays).
  await admin.goto("/dashboard/network");
  await expect(enovationRow.locator("td").nth(3)).toHaveText(String(exchangingBefore + 1));

  // An override with a written reason shows as an override on the institution page.
  await admin.goto(`/institutions/${id}`);
  await admin.getByTestId("golive").getByText("Override door het programma", { exact: true }).click();
  const form = admin.getByTestId("override-form");
  await form.getByLabel("Reden (minstens 10 tekens)").fill("Besluit stuurgroep: live vóór het productiebewijs (e2e)");
  await form.getByRole("button", { name: "Override vastleggen" }).click();
  await expect(admin.getByTestId("golive-override")).toContainText("Besluit stuurgroep: live vóór het productiebewijs (e2e)");
  await admin.context().close();
});
