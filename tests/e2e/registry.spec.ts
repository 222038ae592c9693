import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "@/db/seed/demo-users";
import { expectAccessible, signIn } from "./support";

const editor = DEMO_USERS.find((u) => u.email === "projectleider@duo-demo.test")!;
const admin = DEMO_USERS.find((u) => u.role === "programme_admin")!;
const URL_E2E = "https://acc-e2e-gateway.enovation-xds.example/xca-i/rad75";

test("an editor registers an endpoint; it shows in the registry and in /fhir/Endpoint?organization=…", async ({ page }) => {
  await signIn(page, editor.email, editor.password);
  await page.getByRole("navigation", { name: "Hoofdnavigatie" }).getByRole("link", { name: "Register", exact: true }).click();
  await expect(page.locator("main h1")).toHaveText("Netwerkregister");
  await expectAccessible(page);

  await page.locator("main").getByRole("link", { name: "Endpoint registreren" }).click();
  await expect(page.locator("main h1")).toHaveText("Endpoint registreren");
  await expectAccessible(page);

  // A bad URL is refused next to the field, in Dutch.
  await page.getByLabel("Transactie").selectOption("rad-75");
  await page.getByLabel("URL", { exact: true }).fill("javascript:alert(1)");
  await page.getByLabel("homeCommunityId").fill("urn:oid:2.16.840.1.113883.2.4.3.777.2");
  await page.locator("main").getByRole("button", { name: "Registreren" }).click();
  await expect(page.getByText('Het schema "javascript:" is niet toegestaan')).toBeVisible();
  await expect(page.getByLabel("URL", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await page.getByLabel("URL", { exact: true }).fill(URL_E2E);
  await page.locator("main").getByRole("button", { name: "Onderhoudsvenster toevoegen" }).click();
  await page.locator("main").getByRole("button", { name: "Registreren" }).click();
  await page.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
  await expect(page.locator("main")).toContainText(URL_E2E);
  await expect(page.locator("main")).toContainText("Elke zondag 02:00–04:00");
  await expect(page.locator("main")).toContainText("Geregistreerd");
  await expectAccessible(page);
  const institutionHref = await page.locator("main dl a[href^='/institutions/']").getAttribute("href");
  const institutionId = institutionHref!.split("/").pop()!;

  await page.goto("/registry?transaction=rad-75");
  await expect(page.locator("main table")).toContainText(URL_E2E);
  await expectAccessible(page);

  const res = await page.request.get(`/fhir/Endpoint?organization=${institutionId}`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/fhir+json");
  const bundle = await res.json();
  expect(bundle.resourceType).toBe("Bundle");
  const addresses = bundle.entry.map((e: { resource: { address: string } }) => e.resource.address);
  expect(addresses).toContain(URL_E2E);
});

test("an admin edits an endpoint and sees the change in its history; tokens page works", async ({ page }) => {
  await signIn(page, admin.email, admin.password);
  await page.goto("/registry?status=active&environment=production");
  await expectAccessible(page);
  await page.locator("main table tbody a").first().click();
  await page.locator("main").getByRole("link", { name: "Wijzigen" }).click();
  await expect(page.locator("main h1")).toHaveText("Endpoint wijzigen");
  await expectAccessible(page);
  await page.getByLabel("Status").selectOption("suspended");
  await page.locator("main").getByRole("button", { name: "Wijzigingen opslaan" }).click();
  await page.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
  await expect(page.locator("main")).toContainText("Status: Actief → Opgeschort");
  await expectAccessible(page);

  await page.goto("/registry/tokens");
  await expect(page.locator("main h1")).toHaveText("API-tokens");
  await expectAccessible(page);
  await page.getByLabel("Naam").fill("E2E replica");
  await page.locator("main").getByRole("button", { name: "Token aanmaken" }).click();
  const token = await page.getByLabel("Uw nieuwe token").inputValue();
  expect(token).toMatch(/^duo_[A-Za-z0-9_-]{43}$/);
  await expectAccessible(page);
  const fhir = await page.request.get("/fhir/Organization?_count=1", { headers: { Authorization: `Bearer ${token}` } });
  expect(fhir.status()).toBe(200);
});

test("the public status page needs no sign-in and shows aggregates only", async ({ page }) => {
  await page.goto("/status");
  await expect(page).toHaveURL(/\/status$/);
  await expect(page.locator("main h1")).toHaveText("Status van het DUO-netwerk");
  await expect(page.locator("main table").first()).toContainText("Enovation");
  expect(await page.locator("main").innerText()).not.toMatch(/https?:\/\/|urn:oid|\.example/);
  await expectAccessible(page);
  const api = await page.request.get("/api/v1/endpoints");
  expect(api.status()).toBe(401);
  expect(api.headers()["content-type"]).toContain("application/problem+json");
  const fhir = await page.request.get("/fhir/Endpoint", { maxRedirects: 0 });
  expect(fhir.status()).toBe(401);
});
