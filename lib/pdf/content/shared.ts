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
import { pdfText, type PdfText } from "../texts";
import type { ContactInfo, Locale, ToolkitOptions, VersionInfo } from "../types";

/**
 * Which toolkit an institution gets: the programme has one for DUO and one for the Beeldtijdlijn
 * rollout. Institutions on Alphatron's Beeldtijdlijn follow another route (Mitz before any
 * exchange; "TLB met Mitz" before DUO) and another financing, so their documents differ there;
 * everything else is shared. Chosen by the institution's vendor.
 */
export type ToolkitVariant = "duo" | "beeldtijdlijn";
export function toolkitVariant(vendor: string | null | undefined): ToolkitVariant {
  const key = vendorKey(vendor ?? null);
  return key && VENDOR_INFRA[key].world === "beeldtijdlijn" ? "beeldtijdlijn" : "duo";
}

export interface ContentContext {
  opts: ToolkitOptions;
  variant: ToolkitVariant;
  version: VersionInfo;
  locale: Locale;
  vendor: VendorKey | null;
  /** "Enovation XDS", "Founda XDSCloud", "Alphatron Beeldtijdlijn (Twiin Portaal)" or "Nog niet gekozen". */
  vendorInfra: string;
  institution: string;
  contact(role: string): ContactInfo | undefined;
  /** Chrome text in the document's language: `t("shared.role")` reads messages `pdf.shared.role`. */
  t: PdfText;
}

export function makeContext(opts: ToolkitOptions, version: VersionInfo): ContentContext {
  const locale = opts.locale ?? "nl";
  return {
    opts,
    version,
    locale,
    vendor: vendorKey(opts.institution.vendor),
    variant: toolkitVariant(opts.institution.vendor),
    vendorInfra: vendorDescription(opts.institution.vendor),
    institution: opts.institution.name,
    contact: (role) => opts.institution.contacts.find((c) => c.role === role),
    t: pdfText(locale),
  };
}

const dash = "—";
const v = (s: string | null | undefined) => (s && String(s).trim() ? String(s) : dash);

export function institutionBlock(ctx: ContentContext): Block {
  const i = ctx.opts.institution;
  return {
    kind: "keyValues",
    pairs: [
      [ctx.t("shared.institution"), i.name],
      [ctx.t("shared.ura"), v(i.ura)],
      [ctx.t("shared.agb"), v(i.agb)],
      [ctx.t("shared.kvk"), v(i.kvk)],
      [ctx.t("shared.city"), [i.city, i.province].filter(Boolean).join(", ") || dash],
      [ctx.t("shared.vendor_infra"), ctx.vendorInfra],
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
        text: ctx.t("shared.no_contacts"),
      },
    ];
  }
  return [
    {
      kind: "table",
      columns: [
        { header: ctx.t("shared.role"), width: 0.27 },
        { header: ctx.t("shared.name"), width: 0.24 },
        { header: ctx.t("shared.email"), width: 0.29 },
        { header: ctx.t("shared.phone"), width: 0.2 },
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
        title: ctx.t("shared.no_endpoints_title"),
        text: ctx.t("shared.no_endpoints", { institution: ctx.institution }),
      },
    ];
  }
  return [
    {
      kind: "table",
      columns: [
        { header: ctx.t("shared.environment"), width: 0.13 },
        { header: ctx.t("shared.transaction"), width: 0.18 },
        { header: "URL", width: 0.32 },
        { header: "homeCommunityId", width: 0.22 },
        { header: ctx.t("shared.status"), width: 0.15 },
      ],
      rows: eps.map((e) => [
        environmentLabel(e.environment, ctx.locale),
        transactionLabel(e.transaction),
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
        [ctx.t("shared.readiness"), `${pct} %`],
        [ctx.t("shared.current_phase"), o.phaseLabel || dash],
        [ctx.t("shared.steps_verified"), `${verified} van ${applicable}`],
        [ctx.t("shared.as_of"), formatDate(ctx.opts.generatedAt)],
      ],
    },
  ];
  if (o.steps.length > 0) {
    blocks.push({
      kind: "table",
      columns: [
        { header: ctx.t("shared.step"), width: 0.6 },
        { header: ctx.t("shared.state"), width: 0.22 },
        { header: ctx.t("shared.date"), width: 0.18 },
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
