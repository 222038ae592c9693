/** Implementatieplan DUO, with the institution's onboarding state. */
import type { Block } from "../layout";
import { contactsTable, institutionBlock, MILESTONES, onboardingBlocks, openSteps, vendorParagraph, type ContentContext } from "./shared";

export function implementationPlanContent(ctx: ContentContext): Block[] {
  const next = openSteps(ctx, 6);
  const mitzFirst = ctx.variant === "beeldtijdlijn";
  return [
    { kind: "heading", level: 2, text: "1. Doel van dit plan" },
    {
      kind: "paragraph",
      text: `Dit implementatieplan beschrijft hoe ${ctx.institution} wordt aangesloten op DUO, de landelijke oplossing voor de beschikbaarheid van radiologische beeldonderzoeken en verslagen. Het plan volgt de mijlpalenplanning van het programma en de drie randvoorwaarden die voor elke instelling gelden. Het is bedoeld voor de projectleider, de stuurgroep binnen de instelling en de leverancier, en wordt bijgehouden in het onboarding-portaal.`,
    },
    { kind: "paragraph", text: vendorParagraph(ctx) },
    { kind: "heading", level: 2, text: "2. Mijlpalen van het programma" },
    {
      kind: "table",
      columns: [
        { header: "Datum", width: 0.16 },
        { header: "Mijlpaal", width: 0.84 },
      ],
      rows: MILESTONES.map(([d, t]) => [d, t]),
    },
    { kind: "heading", level: 2, text: "3. De drie randvoorwaarden" },
    {
      kind: "bullets",
      ordered: true,
      items: [
        "**Overeenkomsten getekend, vertrouwen geborgd.** Kies een leverancier en sluit de overeenkomst. Doorloop het Twiin-traject: intentieverklaring, dossier indienen, advies van het validatieloket, bestuursbesluit en ondertekening van de Twiin-deelnemersovereenkomst. De overeenkomst is toekomstvast en herbruikbaar bij elke mijlpaal.",
        "**Aangesloten op Mitz.** Via een geaccepteerde Mitz-connector. Laat in de testomgeving het clientcertificaat en het notificatie-endpoint whitelisten, test, en ga daarna in productie.",
        "**Mitz voldoende gevuld.** Meld het beschikbare bronmateriaal in Mitz aan en informeer patiënten over het registreren van toestemming, zodat de tijdlijn ook daadwerkelijk gegevens toont.",
      ],
    },
    {
      kind: "note",
      title: mitzFirst ? "Let op: Mitz eerst" : "Volgorde",
      text: mitzFirst
        ? "Voor gebruikers van de Beeldtijdlijn van Alphatron is de aansluiting op Mitz nodig vóórdat er überhaupt wordt uitgewisseld. Plan de Mitz-aansluiting daarom vóór de ingebruikname, uiterlijk bij de mijlpaal \"TLB met Mitz en DUO\" (01-06-2026)."
        : "Voor gebruikers van Enovation en Founda Health is Mitz nodig voor DUO, niet voor de uitwisseling binnen de eigen XDS-regio. De overeenkomsten en de Mitz-aansluiting kunnen parallel lopen; de livegang op DUO vraagt beide.",
    },
    ...(mitzFirst ? beeldtijdlijnRoute(ctx) : []),
    { kind: "heading", level: 2, text: "4. Fasering" },
    {
      kind: "table",
      columns: [
        { header: "Fase", width: 0.2 },
        { header: "Activiteiten", width: 0.55 },
        { header: "Resultaat", width: 0.25 },
      ],
      rows: mitzFirst ? BEELDTIJDLIJN_PHASES : [
        ["1. Voorbereiding", "Intake in het portaal, projectleider en contactpersonen vastleggen, bestuurlijke opdracht, keuze van de oplossing.", "Ingevuld intakeformulier, opdracht"],
        ["2. Overeenkomsten", "Leveranciersovereenkomst, Twiin-traject, deelnameovereenkomst DUO.", "Getekende overeenkomsten"],
        ["3. Mitz", "Connector, whitelisting in de testomgeving, productieaansluiting, aanmelden bronnen.", "Mitz in productie"],
        ["4. Privacy en security", "DPIA actualiseren, verwerkersovereenkomst controleren, UZI-servercertificaat, logging.", "Vastgestelde DPIA"],
        ["5. Techniek", "Gateway-endpoints registreren, PACS- of tijdlijnintegratie, verbindingstest in acceptatie.", "Geslaagde verbindingstest"],
        ["6. Livegang", "Go/no-go, productie-endpoints actief, communicatie naar zorgverleners en patiënten.", "Live op DUO"],
        ["7. Nazorg", "Monitoring, evaluatie na zes weken, overdracht naar beheer.", "Beheerafspraken"],
      ],
    },
    { kind: "heading", level: 2, text: "5. Projectorganisatie" },
    {
      kind: "table",
      columns: [
        { header: "Rol", width: 0.26 },
        { header: "Verantwoordelijkheid", width: 0.74 },
      ],
      rows: [
        ["Bestuurder", "Opdrachtgever; tekent de Twiin-deelnemersovereenkomst en de deelnameovereenkomst; stelt de DPIA vast."],
        ["Projectleider", "Stuurt de planning, houdt de voortgang in het portaal bij, is aanspreekpunt voor programma en leverancier."],
        ["CISO", "Beoordeelt certificaten, transportbeveiliging en logging; bevestigt kennisname van de toolkit."],
        ["FG", "Adviseert over de DPIA, de grondslag en de informatie aan patiënten."],
        ["Technisch contactpersoon", "Registreert endpoints, coördineert de PACS-integratie en de verbindingstests met de leverancier."],
        ["Radiologie", "Test de tijdlijn in de praktijk en informeert collega-radiologen en verwijzers."],
      ],
    },
    { kind: "heading", level: 3, text: `Contactpersonen van ${ctx.institution}` },
    ...contactsTable(ctx),
    { kind: "heading", level: 2, text: "6. Uw voortgang" },
    {
      kind: "paragraph",
      text: "De onderstaande stand komt uit het onboarding-portaal. Stappen met de status \"gemeld\" zijn door uw instelling gerapporteerd en wachten op verificatie door het programmabureau; alleen geverifieerde stappen tellen mee voor de livegang.",
    },
    ...onboardingBlocks(ctx),
    { kind: "heading", level: 2, text: "7. Volgende stappen" },
    next.length > 0
      ? { kind: "bullets", items: next }
      : { kind: "paragraph", text: "Alle stappen zijn gemeld of geverifieerd. Houd de endpoints en certificaten actueel in het portaal." },
    { kind: "heading", level: 2, text: "8. Risico's voor de planning" },
    {
      kind: "bullets",
      items: [
        "Het Twiin-traject kost doorlooptijd (dossier, validatieloket, bestuursbesluit): start zo vroeg mogelijk.",
        "De aansluiting op Mitz hangt af van de connector van uw leverancier en de planning van programma Mitz.",
        "Ontwikkelcapaciteit bij leveranciers is beperkt; spreek de technische planning tijdig af.",
        "Een UZI-servercertificaat aanvragen duurt enkele weken; controleer ook de vervaldatum van bestaande certificaten.",
      ],
    },
    { kind: "heading", level: 2, text: "9. Gegevens van uw instelling" },
    institutionBlock(ctx),
  ];
}

/**
 * The route of the Beeldtijdlijn toolkit (Alphatron): Mitz comes first, because the Beeldtijdlijn
 * exchanges nothing without consent and localisation; then "TLB met Mitz" in production (without
 * DUO, from 01-02-2026); then "TLB met Mitz en DUO" (from 01-06-2026).
 */
function beeldtijdlijnRoute(ctx: ContentContext): Block[] {
  return [
    { kind: "heading", level: 3, text: "De route van de Beeldtijdlijn" },
    {
      kind: "paragraph",
      text: `${ctx.institution} gebruikt de Beeldtijdlijn van Alphatron. Die route verschilt van die van de XDS-regio's: zonder Mitz wisselt de Beeldtijdlijn niets uit, en DUO volgt pas nadat de Beeldtijdlijn met Mitz in productie is.`,
    },
    {
      kind: "bullets",
      ordered: true,
      items: [
        "**Mitz eerst.** Mitz-connector van Alphatron geaccepteerd, clientcertificaat en notificatie-endpoint gewhitelist in de testomgeving van Mitz, daarna de productieaansluiting en het aanmelden van de bronnen.",
        "**TLB met Mitz (zonder DUO).** De Beeldtijdlijn gaat met Mitz in productie binnen het eigen netwerk; het programma rekent vanaf 01-02-2026 op groei naar 12 instellingen.",
        "**TLB met Mitz en DUO.** Vanaf 01-06-2026 koppelt DUO de Beeldtijdlijn aan de XDS-infrastructuren van Enovation en Founda Health: dan pas zijn gateway-endpoints, de verbindingstest in acceptatie en de Twiin-deelnemersovereenkomst voor DUO aan de orde.",
      ],
    },
  ];
}

/** The phases in the Beeldtijdlijn's order: Mitz and "TLB met Mitz" before the DUO connection. */
const BEELDTIJDLIJN_PHASES: string[][] = [
  ["1. Voorbereiding", "Intake in het portaal, projectleider en contactpersonen vastleggen, bestuurlijke opdracht, overeenkomst met Alphatron.", "Ingevuld intakeformulier, opdracht"],
  ["2. Mitz", "Mitz-connector van Alphatron, whitelisting in de testomgeving, productieaansluiting, aanmelden bronnen.", "Mitz in productie"],
  ["3. TLB met Mitz", "Beeldtijdlijn met toestemming en lokalisatie in productie, zonder DUO; informatie aan patiënten over toestemming.", "Beeldtijdlijn live met Mitz"],
  ["4. Privacy en security", "DPIA actualiseren voor de landelijke reikwijdte, verwerkersovereenkomst met Alphatron controleren, UZI-servercertificaat, logging.", "Vastgestelde DPIA"],
  ["5. Overeenkomsten DUO", "Twiin-traject (intentie, dossier, validatieloket, bestuursbesluit, ondertekening) en deelnameovereenkomst DUO.", "Getekende overeenkomsten"],
  ["6. Techniek DUO", "Gateway-endpoints registreren, verbindingstest in acceptatie met de XDS-kant.", "Geslaagde verbindingstest"],
  ["7. Livegang en nazorg", "Go/no-go, productie-endpoints actief, communicatie, evaluatie na zes weken.", "Live op DUO"],
];
