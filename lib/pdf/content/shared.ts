/** Building blocks shared by the toolkit documents: the personalised parts. */
import type { Block, RichText } from "../layout";
import {
  endpointStatusLabel,
  environmentLabel,
  formatDate,
  roleLabel,
  stateLabel,
  transactionLabel,
  vendorDescription,
  vendorKey,
  VENDOR_INFRA,
  type VendorKey,
} from "../format";
import type { ContactInfo, Locale, ToolkitOptions, VersionInfo } from "../types";

export interface ContentContext {
  opts: ToolkitOptions;
  version: VersionInfo;
  locale: Locale;
  vendor: VendorKey | null;
  /** "Enovation XDS", "Founda XDSCloud", "Alphatron Beeldtijdlijn (Twiin Portaal)" or "Nog niet gekozen". */
  vendorInfra: string;
  institution: string;
  contact(role: string): ContactInfo | undefined;
  /** Picks the nl or en variant of chrome text. */
  t(nl: string, en: string): string;
}

export function makeContext(opts: ToolkitOptions, version: VersionInfo): ContentContext {
  const locale = opts.locale ?? "nl";
  return {
    opts,
    version,
    locale,
    vendor: vendorKey(opts.institution.vendor),
    vendorInfra: vendorDescription(opts.institution.vendor),
    institution: opts.institution.name,
    contact: (role) => opts.institution.contacts.find((c) => c.role === role),
    t: (nl, en) => (locale === "en" ? en : nl),
  };
}

const dash = "—";
const v = (s: string | null | undefined) => (s && String(s).trim() ? String(s) : dash);

export function institutionBlock(ctx: ContentContext): Block {
  const i = ctx.opts.institution;
  return {
    kind: "keyValues",
    pairs: [
      [ctx.t("Zorginstelling", "Institution"), i.name],
      [ctx.t("URA-nummer", "URA number"), v(i.ura)],
      [ctx.t("AGB-code", "AGB code"), v(i.agb)],
      [ctx.t("KvK-nummer", "Chamber of Commerce no."), v(i.kvk)],
      [ctx.t("Vestigingsplaats", "City"), [i.city, i.province].filter(Boolean).join(", ") || dash],
      [ctx.t("Leverancier / infrastructuur", "Vendor / infrastructure"), ctx.vendorInfra],
    ],
  };
}

export function contactsTable(ctx: ContentContext, roles?: string[]): Block[] {
  const contacts = ctx.opts.institution.contacts.filter((c) => !roles || roles.includes(c.role));
  if (contacts.length === 0) {
    return [
      {
        kind: "paragraph",
        muted: true,
        text: ctx.t(
          "Er zijn in het portaal nog geen contactpersonen voor deze rollen vastgelegd. Vul ze aan via het intakeformulier.",
          "No contacts for these roles are registered in the portal yet. Add them through the intake form.",
        ),
      },
    ];
  }
  return [
    {
      kind: "table",
      columns: [
        { header: ctx.t("Rol", "Role"), width: 0.27 },
        { header: ctx.t("Naam", "Name"), width: 0.24 },
        { header: ctx.t("E-mail", "E-mail"), width: 0.29 },
        { header: ctx.t("Telefoon", "Phone"), width: 0.2 },
      ],
      rows: contacts.map((c) => [roleLabel(c.role, ctx.locale), c.name, v(c.email), v(c.phone)]),
    },
  ];
}

export function endpointsTable(ctx: ContentContext): Block[] {
  const eps = ctx.opts.endpoints;
  if (eps.length === 0) {
    return [
      {
        kind: "note",
        title: ctx.t("Nog geen endpoints geregistreerd", "No endpoints registered yet"),
        text: ctx.t(
          `Voor ${ctx.institution} zijn nog geen gateway-endpoints in het DUO-netwerkregister vastgelegd. Uw leverancier of technisch contactpersoon registreert per omgeving (acceptatie en productie) de adressen voor ITI-38, ITI-39 en RAD-75, met de homeCommunityId van uw gateway.`,
          `No gateway endpoints have been registered for ${ctx.institution} yet.`,
        ),
      },
    ];
  }
  return [
    {
      kind: "table",
      columns: [
        { header: ctx.t("Omgeving", "Environment"), width: 0.13 },
        { header: ctx.t("Transactie", "Transaction"), width: 0.18 },
        { header: "URL", width: 0.32 },
        { header: "homeCommunityId", width: 0.22 },
        { header: ctx.t("Status", "Status"), width: 0.15 },
      ],
      rows: eps.map((e) => [
        environmentLabel(e.environment, ctx.locale),
        transactionLabel(e.transaction, ctx.locale),
        e.url,
        e.homeCommunityId,
        endpointStatusLabel(e.status, ctx.locale),
      ]),
    },
  ];
}

export function onboardingBlocks(ctx: ContentContext): Block[] {
  const o = ctx.opts.onboarding;
  const pct = Math.max(0, Math.min(100, Math.round(o.readinessPercent)));
  const verified = o.steps.filter((s) => s.state === "verified").length;
  const applicable = o.steps.filter((s) => s.state !== "not_applicable").length;
  const blocks: Block[] = [
    {
      kind: "keyValues",
      pairs: [
        [ctx.t("Gereedheid", "Readiness"), `${pct} %`],
        [ctx.t("Huidige fase", "Current phase"), o.phaseLabel || dash],
        [ctx.t("Stappen geverifieerd", "Steps verified"), `${verified} van ${applicable}`],
        [ctx.t("Stand per", "As of"), formatDate(ctx.opts.generatedAt)],
      ],
    },
  ];
  if (o.steps.length > 0) {
    blocks.push({
      kind: "table",
      columns: [
        { header: ctx.t("Stap", "Step"), width: 0.6 },
        { header: ctx.t("Status", "State"), width: 0.22 },
        { header: ctx.t("Datum", "Date"), width: 0.18 },
      ],
      rows: o.steps.map((s) => [s.title, stateLabel(s.state, ctx.locale), formatDate(s.date ?? null) || dash]),
    });
  }
  return blocks;
}

/** The open steps in catalogue order, as the "what is next" list. */
export function openSteps(ctx: ContentContext, max = 5): RichText[] {
  return ctx.opts.onboarding.steps
    .filter((s) => s.state === "open" || s.state === "rejected" || s.state === "reported")
    .slice(0, max)
    .map((s) =>
      s.state === "rejected"
        ? `**${s.title}** — afgewezen door het programmabureau; pas de melding aan en dien haar opnieuw in.`
        : s.state === "reported"
          ? `**${s.title}** — gemeld, wacht op verificatie door het programmabureau.`
          : `**${s.title}** — nog te doen.`,
    );
}

export function vendorParagraph(ctx: ContentContext): string {
  switch (ctx.vendor) {
    case "enovation":
    case "founda":
      return `${ctx.institution} maakt gebruik van ${VENDOR_INFRA[ctx.vendor].infra}. Binnen de eigen XDS-regio wisselt u al beelden uit zonder Mitz; voor de aansluiting op DUO, en daarmee voor uitwisseling met instellingen op de Beeldtijdlijn van Alphatron, is de aansluiting op Mitz wel noodzakelijk.`;
    case "alphatron":
      return `${ctx.institution} maakt gebruik van de Beeldtijdlijn van Alphatron (voorheen "TLB", gebouwd op het Twiin Portaal). In deze oplossing zijn de toestemming van de patiënt en de lokalisatiefunctie van Mitz nodig voor elke uitwisseling; de aansluiting op Mitz moet dus gereed zijn vóór de ingebruikname.`;
    default:
      return `${ctx.institution} heeft in het portaal nog geen leverancier vastgelegd. De keuze is vrij: Enovation (XDS), Founda Health (XDSCloud) of Alphatron (Beeldtijdlijn). Alle drie de oplossingen worden via DUO met elkaar verbonden; de keuze bepaalt wel het moment waarop Mitz nodig is en welke financiering van toepassing is.`;
  }
}

export const PROGRAMME_CONTACT = "Programmabureau Landelijke Beeldbeschikbaarheid, toolkit@duo-programma.example";

export const MILESTONES: [string, string][] = [
  ["05-06-2025", "Technische haalbaarheid van DUO aangetoond (tussentijdse PoC-test, XCA-I op basis van NTA v1.1 met toestemming via Mitz)."],
  ["01-01-2026", "DUO onderdeel van de dienstverlening van Enovation en Founda Health, beschikbaar voor elke geïnteresseerde zorginstelling."],
  ["01-02-2026", "Alphatron \"TLB met Mitz\" (zonder DUO) in productie; groei naar 12 zorginstellingen."],
  ["01-06-2026", "Alphatron \"TLB met Mitz en DUO\": de drie infrastructuren zijn via DUO één netwerk."],
  ["31-12-2026", "Streefdatum: alle circa 130 zorginstellingen aangesloten op de landelijke oplossing voor beeldbeschikbaarheid."],
];
