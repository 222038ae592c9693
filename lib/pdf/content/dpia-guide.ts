/** DPIA-handreiking DUO. */
import type { Block } from "../layout";
import { contactsTable, institutionBlock, vendorParagraph, type ContentContext } from "./shared";

export function dpiaGuideContent(ctx: ContentContext): Block[] {
  const fg = ctx.contact("fg");
  const ciso = ctx.contact("ciso");
  return [
    { kind: "heading", level: 2, text: "1. Waarom een DPIA voor DUO" },
    {
      kind: "paragraph",
      text: "Met DUO stelt uw instelling radiologische beeldonderzoeken en verslagen landelijk beschikbaar en raadplegen uw zorgverleners gegevens bij andere instellingen. Dat is een verwerking van gezondheidsgegevens op grote schaal, met nieuwe technologie en over organisatiegrenzen heen. Artikel 35 van de AVG verplicht in die situatie tot een gegevensbeschermingseffectbeoordeling (DPIA) voordat de verwerking start.",
    },
    {
      kind: "paragraph",
      text: "Deze handreiking helpt uw functionaris gegevensbescherming (FG), CISO en projectleider om de DPIA efficiënt op te stellen of een bestaande DPIA voor beeldbeschikbaarheid te actualiseren. De beschrijvingen hieronder zijn voor alle deelnemers gelijk; de beoordeling van risico's en restrisico's blijft de verantwoordelijkheid van uw eigen organisatie.",
    },
    {
      kind: "note",
      title: "Hergebruik van bestaande DPIA's",
      text: "Veel instellingen hebben al een DPIA voor het Twiin Portaal of voor hun XDS-regio. DUO verandert vooral de reikwijdte (landelijk in plaats van regionaal) en voegt Mitz toe voor toestemming en lokalisatie. Een actualisatie van de bestaande DPIA volstaat in de meeste gevallen.",
    },
    { kind: "heading", level: 2, text: "2. Beschrijving van de verwerking" },
    {
      kind: "paragraph",
      text: "Een behandelend zorgverlener opent in het PACS of het EPD de tijdlijn van een patiënt. De gateway van uw infrastructuur vraagt via Mitz op bij welke bronhouders beeldonderzoeken beschikbaar zijn en of de patiënt toestemming heeft gegeven. Vervolgens worden via XCA-I de metadata van de onderzoeken opgevraagd (ITI-38) en, wanneer de zorgverlener een onderzoek kiest, de verslagen (ITI-39) en beelden (RAD-75) opgehaald bij de bron.",
    },
    { kind: "paragraph", text: vendorParagraph(ctx) },
    {
      kind: "table",
      columns: [
        { header: "Stap", width: 0.22 },
        { header: "Gegevens", width: 0.34 },
        { header: "Van → naar", width: 0.22 },
        { header: "Beveiliging", width: 0.22 },
      ],
      rows: [
        ["Lokalisatie en toestemming", "BSN, soort gegevens, raadplegende instelling (URA)", "Gateway raadpleger → Mitz", "mTLS, UZI-servercertificaat"],
        ["Opvragen tijdlijn (ITI-38)", "BSN, metadata van onderzoeken: datum, modaliteit, bronhouder", "Gateway raadpleger → gateway bron", "mTLS, SAML-assertie (ITI-40)"],
        ["Ophalen verslag (ITI-39)", "Radiologisch verslag (PDF of CDA)", "Gateway bron → raadpleger", "mTLS, controle toestemming bij bron"],
        ["Ophalen beelden (RAD-75)", "DICOM-beelden van het gekozen onderzoek", "Gateway bron → PACS raadpleger", "mTLS, versleuteld transport"],
        ["Logging (ITI-20)", "Wie raadpleegde wat, wanneer, namens welke instelling", "Beide gateways → auditlog", "NEN 7513, bewaartermijn volgens beleid"],
      ],
    },
    { kind: "heading", level: 2, text: "3. Rollen en verantwoordelijkheden" },
    {
      kind: "bullets",
      items: [
        "**Verwerkingsverantwoordelijke**: iedere zorginstelling voor de gegevens die zij beschikbaar stelt (als bronhouder) en voor de raadplegingen door haar eigen zorgverleners (als raadpleger).",
        "**Verwerker**: de leverancier van uw tijdlijnoplossing (Enovation, Founda Health of Alphatron). Leg dit vast in een verwerkersovereenkomst; controleer of de subverwerkers voor DUO en Mitz erin zijn opgenomen.",
        "**Mitz**: de landelijke toestemmingsvoorziening, beheerd door VZVZ. Mitz registreert de toestemming van de patiënt en de lokalisatiegegevens, maar geen medische inhoud.",
        "**Programma**: het programmabureau beheert het onboarding-portaal en het netwerkregister en verwerkt geen patiëntgegevens.",
      ],
    },
    { kind: "heading", level: 2, text: "4. Grondslag en toestemming" },
    {
      kind: "paragraph",
      text: "Het verwerken van gezondheidsgegevens voor de behandeling valt onder artikel 9, tweede lid, onder h, van de AVG, in samenhang met de geheimhoudingsplicht uit de WGBO. Voor het beschikbaar stellen van gegevens via een elektronisch uitwisselingssysteem vraagt artikel 15a van de Wet aanvullende bepalingen verwerking persoonsgegevens in de zorg (Wabvpz) om uitdrukkelijke toestemming van de patiënt. Die toestemming wordt in DUO vastgelegd in Mitz, per categorie zorgaanbieder en gegevenssoort.",
    },
    {
      kind: "paragraph",
      text: "Beschrijf in de DPIA hoe uw instelling patiënten informeert (zie de handout voor patiënten in deze toolkit), hoe een patiënt toestemming geeft of intrekt, en wat er gebeurt in een spoedsituatie waarin geen toestemming is geregistreerd: dan worden geen gegevens via DUO opgehaald en geldt de reguliere route.",
    },
    { kind: "heading", level: 2, text: "5. Risico's en maatregelen" },
    {
      kind: "table",
      columns: [
        { header: "Risico", width: 0.3 },
        { header: "Inschatting", width: 0.14 },
        { header: "Maatregelen", width: 0.56 },
      ],
      rows: [
        ["Onbevoegde raadpleging door een medewerker zonder behandelrelatie", "Middel", "Autorisatie op rol in PACS/EPD; logging volgens NEN 7513 met periodieke controle; bewustwording; melding bij afwijkend gebruik."],
        ["Raadpleging zonder geldige toestemming", "Laag", "Controle van de toestemming in Mitz bij de bron; weigering door de bron zonder toestemming; toestemmingsduur en intrekking direct effectief."],
        ["Onderschepping van gegevens onderweg", "Laag", "Wederzijdse TLS 1.2 of 1.3 met UZI-servercertificaten; vertrouwen uitsluitend in de PKIoverheid private root; geen verouderde protocollen."],
        ["Verkeerde patiënt gekoppeld", "Middel", "Opvragen uitsluitend op geverifieerd BSN (WID-controle); controle van patiëntgegevens in het getoonde onderzoek door de zorgverlener."],
        ["Onbeschikbaarheid van de gateway", "Middel", "Bewaking door het programma (netwerkregister en bereikbaarheidscontrole); onderhoudsvensters vooraf melden; terugvalprocedure via het Twiin Portaal."],
        ["Verlopen certificaat", "Middel", "Certificaatinventaris in het portaal met waarschuwingen vanaf 90 dagen; tijdig een nieuw UZI-servercertificaat aanvragen."],
        ["Onvoldoende informatie aan de patiënt", "Middel", "Patiëntenfolder, informatie op de website en aan de balie; verwijzing naar Mitz voor het beheren van toestemming."],
      ],
    },
    { kind: "heading", level: 2, text: "6. Stappenplan" },
    {
      kind: "bullets",
      ordered: true,
      items: [
        "Stel vast of een bestaande DPIA (Twiin Portaal, XDS-regio) kan worden geactualiseerd, of dat een nieuwe DPIA nodig is.",
        "Neem de beschrijving van de verwerking en de gegevensstromen uit hoofdstuk 2 over en vul aan met uw eigen systemen (PACS, EPD, logging).",
        "Controleer de verwerkersovereenkomst met uw leverancier op DUO en Mitz.",
        "Beoordeel de risico's uit hoofdstuk 5 voor uw situatie en voeg instellingsspecifieke risico's toe.",
        "Laat de FG advies uitbrengen en leg het besluit van het bestuur vast.",
        "Meld in het portaal de stap \"DPIA afgerond\" met de datum van het besluit; het programmabureau verifieert de melding.",
      ],
    },
    { kind: "heading", level: 2, text: "7. Gegevens van uw instelling" },
    institutionBlock(ctx),
    {
      kind: "paragraph",
      text:
        fg || ciso
          ? `Voor deze DPIA zijn in het portaal de volgende aanspreekpunten vastgelegd${fg ? `: FG ${fg.name}` : ""}${ciso ? `${fg ? " en" : ":"} CISO ${ciso.name}` : ""}.`
          : "Voor deze instelling zijn in het portaal nog geen FG en CISO vastgelegd. Vul ze aan via het intakeformulier.",
    },
    ...contactsTable(ctx, ["fg", "ciso", "project_lead"]),
  ];
}
