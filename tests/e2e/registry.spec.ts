import { demoEndpoints } from "@/db/seed/endpoints";
import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { USERS, expect, expectAccessible, signedInAs, test } from "./support";

const URL_E2E = "https://acc-e2e-gateway.enovation-xds.example/xca-i/rad75";
/**
 * A Founda Health hospital without seeded endpoints, which no other spec touches: derived from
 * the seed itself, so a change of the demo story (live institutions get production gateways)
 * cannot hand this spec an institution whose ITI-38 slot is already taken.
 */
const SEEDED = new Set(demoEndpoints(DEMO_INSTITUTIONS, { homeIndex: DEMO_HOME_INSTITUTION }).map((e) => e.ura));
const SPARE = DEMO_INSTITUTIONS.find((d) => d.vendor === "founda" && d.kind === "hospital" && !SEEDED.has(d.ura))!;

// The home institution's RAD-75 slot is left open by the seed; this is the only spec that fills it.
test("an editor registers an endpoint; it shows in the registry and in /fhir/Endpoint?organization=…", async ({ as }) => {
  const page = await as(USERS.editor);
  await page.goto("/institutions");
  await page.getByRole("navigation", { name: "Hoofdnavigatie" }).getByRole("link", { name: "Register", exact: true }).click();
  await expect(page.locator("main h1")).toHaveText("Netwerkregister");

  await page.locator("main").getByRole("link", { name: "Endpoint registreren" }).click();
  await expect(page.locator("main h1")).toHaveText("Endpoint registreren");

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
  const institutionHref = await page.locator("main dl a[href^='/institutions/']").getAttribute("href");
  const institutionId = institutionHref!.split("/").pop()!;

  await page.goto("/registry?transaction=rad-75");
  await expect(page.locator("main table")).toContainText(URL_E2E);

  const res = await page.request.get(`/fhir/Endpoint?organization=${institutionId}`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/fhir+json");
  const bundle = await res.json();
  expect(bundle.resourceType).toBe("Bundle");
  const addresses = bundle.entry.map((e: { resource: { address: string } }) => e.resource.address);
  expect(addresses).toContain(URL_E2E);
});

test.describe("as the programme admin", () => {
  test.use(signedInAs(USERS.admin));

  test("an admin edits an endpoint and sees the change in its history; tokens page works", async ({ page }) => {
    await page.goto("/registry/tokens");
    await expect(page.locator("main h1")).toHaveText("API-tokens");
    await page.getByLabel("Naam").fill("E2E replica");
    await page.locator("main").getByRole("button", { name: "Token aanmaken" }).click();
    const token = await page.getByLabel("Uw nieuwe token").inputValue();
    expect(token).toMatch(/^duo_[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page);
    const fhir = await page.request.get("/fhir/Organization?_count=1", { headers: { Authorization: `Bearer ${token}` } });
    expect(fhir.status()).toBe(200);

    // An endpoint of the test's own, registered through the REST API with a token for one institution.
    await page.goto("/registry/tokens");
    await page.getByLabel("Naam").fill("E2E registratie");
    await page.getByLabel("Bereik").selectOption({ label: "Eén instelling" });
    await page.getByLabel("Instelling").selectOption({ label: `${SPARE.name} (URA ${SPARE.ura})` });
    await page.locator("main").getByRole("button", { name: "Token aanmaken" }).click();
    const auth = { Authorization: `Bearer ${await page.getByLabel("Uw nieuwe token").inputValue()}` };
    const list = await page.request.get("/api/v1/institutions", { headers: auth });
    expect(list.status()).toBe(200);
    const institutionId = ((await list.json()) as { data: { id: string; ura: string }[] }).data.find((i) => i.ura === SPARE.ura)!.id;
    const created = await page.request.post("/api/v1/endpoints", {
      headers: auth,
      data: {
        institutionId,
        vendorCode: "founda",
        environment: "production",
        transaction: "iti-38",
        url: "https://e2e-spare.xdscloud.example/xca/iti38/RespondingGateway",
        homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.978.1",
        status: "active",
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };

    await page.goto(`/registry/${id}`);
    await page.locator("main").getByRole("link", { name: "Wijzigen" }).click();
    await expect(page.locator("main h1")).toHaveText("Endpoint wijzigen");
    await page.getByLabel("Status").selectOption("suspended");
    await page.locator("main").getByRole("button", { name: "Wijzigingen opslaan" }).click();
    await page.waitForURL(/\/registry\/[0-9a-f-]{36}$/);
    await expect(page.locator("main")).toContainText("Status: Actief → Opgeschort");
  });
});

test("the public status page needs no sign-in and shows aggregates only", async ({ as }) => {
  const page = await as(null);
  // The login page points visitors to it.
  await page.goto("/login");
  await page.getByRole("link", { name: "Bekijk de status van het DUO-netwerk (zonder inloggen)" }).click();
  await expect(page).toHaveURL(/\/status$/);
  // The browser's default icon request finds one (no console error on a first visit).
  expect((await page.request.get("/favicon.ico")).status()).toBe(200);
  await expect(page.locator("main h1")).toHaveText("Status van het DUO-netwerk");
  await expect(page.locator("main table").first()).toContainText("Enovation");
  expect(await page.locator("main").innerText()).not.toMatch(/https?:\/\/|urn:oid|\.example/);
  const api = await page.request.get("/api/v1/endpoints");
  expect(api.status()).toBe(401);
  expect(api.headers()["content-type"]).toContain("application/problem+json");
  const fhir = await page.request.get("/fhir/Endpoint", { maxRedirects: 0 });
  expect(fhir.status()).toBe(401);
});
