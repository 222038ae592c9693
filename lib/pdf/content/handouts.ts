/** The four stakeholder hand-outs: management, CISO/FG, radiologists, patients. */
import type { Block } from "../layout";
import { formatDate } from "../format";
import { contactsTable, institutionBlock, MILESTONES, onboardingBlocks, vendorParagraph, type ContentContext } from "./shared";

export function handoutManagementContent(ctx: ContentContext): Block[] {
  const pct = Math.round(ctx.opts.onboarding.readinessPercent);
  return [
    { kind: "heading", level: 2, text: "Waarom DUO" },
    {
      kind: "paragraph",
      text: "Patiënten worden steeds vaker in meer dan één ziekenhuis of kliniek onderzocht en behandeld. Toch zoeken radiologen en behandelaars nog te vaak naar eerdere beelden, of worden onderzoeken onnodig herhaald. Met DUO ziet een behandelend zorgverlener op één landelijke tijdlijn welke beeldonderzoeken en verslagen er van een patiënt zijn, en haalt hij de onderzoeken die hij nodig heeft rechtstreeks bij de bron op.",
    },
    {
      kind: "bullets",
      items: [
        "**Betere zorg**: eerdere onderzoeken zijn direct beschikbaar bij diagnose en behandeling.",
        "**Minder belasting**: minder herhaalonderzoeken, minder stralingsbelasting, geen dvd's of losse verzendingen.",
        "**Keuzevrijheid**: uw instelling kiest zelf tussen Enovation, Founda Health en Alphatron; gedane investeringen blijven renderen.",
        "**Landelijke norm**: DUO sluit aan op de ontwikkeling van NEN 7541 voor beeldbeschikbaarheid.",
      ],
    },
    { kind: "heading", level: 2, text: "Wat het van uw organisatie vraagt" },
    {
      kind: "paragraph",
      text: "Elke instelling moet vóór de livegang voldoen aan drie randvoorwaarden: de overeenkomsten zijn getekend (leverancier en Twiin-deelnemersovereenkomst), de instelling is aangesloten op Mitz, en Mitz is voldoende gevuld met aangemelde bronnen en toestemmingen van patiënten. Daarnaast vraagt de aansluiting een geactualiseerde DPIA en een technische verbindingstest.",
    },
    { kind: "paragraph", text: vendorParagraph(ctx) },
    { kind: "heading", level: 2, text: "Financiering" },
    {
      kind: "paragraph",
      text:
        ctx.variant === "beeldtijdlijn"
          ? `Voor ${ctx.institution} als gebruiker van de Beeldtijdlijn van Alphatron wordt de basisdienst via VZVZ gefinancierd, zoals het Twiin Portaal: er volgt geen betaling per instelling (de jaarlijkse tegemoetkoming van circa EUR 35.000 geldt voor XDS-instellingen met een DUO-koppeling). Een eenmalige tegemoetkoming voor PACS-integratie wordt uitgewerkt; de kosten van het PACS zelf vallen erbuiten. Het pakket is integraal: zonder de overeenkomsten geen vergoeding. De regeling wordt jaarlijks herzien.`
          : "Instellingen met een XDS-oplossing van Enovation of Founda Health met een werkende DUO-koppeling inclusief Mitz ontvangen volgens het voorstel van VWS en Zorgverzekeraars Nederland een jaarlijkse tegemoetkoming van circa EUR 35.000. Voor de Beeldtijdlijn van Alphatron wordt de basisdienst via VZVZ gefinancierd. Een eenmalige tegemoetkoming voor PACS-integratie wordt uitgewerkt; de kosten van het PACS zelf vallen erbuiten. Het pakket is integraal: zonder de overeenkomsten geen vergoeding. De regeling wordt jaarlijks herzien.",
    },
    { kind: "heading", level: 2, text: "Tijdpad" },
    {
      kind: "table",
      columns: [
        { header: "Datum", width: 0.16 },
        { header: "Mijlpaal", width: 0.84 },
      ],
      rows: MILESTONES.map(([d, t]) => [d, t]),
    },
    { kind: "heading", level: 2, text: "Besluiten die van u nodig zijn" },
    {
      kind: "bullets",
      ordered: true,
      items: [
        "Opdracht aan een projectleider en vrijmaken van capaciteit bij ICT, radiologie, privacy en security.",
        "Keuze van de oplossing en ondertekening van de leveranciersovereenkomst.",
        "Ondertekening van de Twiin-deelnemersovereenkomst en de deelnameovereenkomst DUO.",
        "Vaststelling van de (geactualiseerde) DPIA op advies van de FG.",
        "Go/no-go voor de livegang op voorstel van de projectleider.",
      ],
    },
    { kind: "heading", level: 2, text: `Stand van zaken bij ${ctx.institution}` },
    {
      kind: "paragraph",
      text: `Volgens het onboarding-portaal is ${ctx.institution} op ${formatDate(ctx.opts.generatedAt)} voor ${pct} % gereed; de huidige fase is "${ctx.opts.onboarding.phaseLabel}".`,
    },
    ...onboardingBlocks(ctx).slice(0, 1),
  ];
}

export function handoutCisoFgContent(ctx: ContentContext): Block[] {
  return [
    {
      kind: "paragraph",
      text: "Deze handout zet voor de CISO en de functionaris gegevensbescherming (FG) op één plek wat DUO vraagt op het gebied van informatiebeveiliging en privacy. De uitgebreide onderbouwing staat in de DPIA-handreiking en het architectuuroverzicht in deze toolkit.",
    },
    { kind: "heading", level: 2, text: "Voor de CISO" },
    {
      kind: "bullets",
      items: [
        "**Transport**: TLS 1.3 of 1.2 met wederzijdse authenticatie tussen gateways; oudere versies worden geweigerd.",
        "**Certificaten**: UZI-servercertificaat onder de PKIoverheid private hiërarchie (G1, en de G4-opvolgers voor de overgang vóór november 2028), met het URA-nummer van uw instelling in het subjectAltName.",
        "**Trust store**: vertrouw uitsluitend de private roots; nooit de publieke web-PKI of de systeem-store.",
        "**Logging**: iedere raadpleging wordt vastgelegd volgens NEN 7513 (ITI-20); stel vast wie de logs controleert en hoe vaak.",
        "**Beschikbaarheid**: het programma bewaakt de bereikbaarheid van uw gateway en waarschuwt bij storingen en bij certificaten die binnen 30 dagen verlopen.",
        "**Incidenten**: meld incidenten die DUO raken binnen 24 uur bij het programmabureau en uw leverancier.",
      ],
    },
    { kind: "heading", level: 2, text: "Voor de FG" },
    {
      kind: "bullets",
      items: [
        "**Grondslag**: behandeling (art. 9 lid 2 sub h AVG) en uitdrukkelijke toestemming voor het beschikbaar stellen via een uitwisselingssysteem (art. 15a Wabvpz), geregistreerd in Mitz.",
        "**Rollen**: uw instelling is verwerkingsverantwoordelijke als bron en als raadpleger; de leverancier is verwerker.",
        "**DPIA**: actualiseer de bestaande DPIA voor beeldbeschikbaarheid met de landelijke reikwijdte en Mitz.",
        "**Informatie aan patiënten**: gebruik de patiëntenhandout uit deze toolkit en verwijs naar Mitz voor het beheren van toestemming.",
        "**Rechten van betrokkenen**: inzage in wie gegevens heeft geraadpleegd loopt via de logging van de bron en de raadpleger.",
      ],
    },
    { kind: "heading", level: 2, text: "Checklist vóór livegang" },
    {
      kind: "table",
      columns: [
        { header: "Controle", width: 0.62 },
        { header: "Wie", width: 0.18 },
        { header: "Gereed", width: 0.2 },
      ],
      rows: [
        ["UZI-servercertificaat geldig, URA komt overeen met het register", "CISO", "☐"],
        ["Gateway accepteert alleen TLS 1.2 en hoger, mTLS afgedwongen", "CISO", "☐"],
        ["Logging NEN 7513 ingericht en controle belegd", "CISO", "☐"],
        ["Verwerkersovereenkomst met de leverancier omvat DUO en Mitz", "FG", "☐"],
        ["DPIA geactualiseerd en vastgesteld door het bestuur", "FG", "☐"],
        ["Patiëntinformatie gepubliceerd (website, folder, balie)", "FG", "☐"],
      ],
    },
    {
      kind: "note",
      title: "Kennisname bevestigen",
      text: `Bevestig in het onboarding-portaal dat u versie ${ctx.version.label} van de toolkit hebt gelezen. Bij een nieuwe versie vraagt het portaal opnieuw om bevestiging en toont het de wijzigingsnotitie.`,
    },
    { kind: "heading", level: 2, text: "Uw instelling" },
    institutionBlock(ctx),
    ...contactsTable(ctx, ["ciso", "fg", "technical"]),
  ];
}

export function handoutRadiologistsContent(ctx: ContentContext): Block[] {
  return [
    { kind: "heading", level: 2, text: "Wat verandert er voor u" },
    {
      kind: "paragraph",
      text: "Met DUO ziet u in uw eigen PACS of viewer een landelijke tijdlijn van de beeldonderzoeken en verslagen van uw patiënt, ook als die in een ander ziekenhuis, een diagnostisch centrum of een kliniek zijn gemaakt. U kiest zelf welke onderzoeken u ophaalt; de beelden komen rechtstreeks van de bron en worden niet centraal opgeslagen.",
    },
    { kind: "paragraph", text: vendorParagraph(ctx) },
    { kind: "heading", level: 2, text: "Zo werkt het" },
    {
      kind: "bullets",
      ordered: true,
      items: [
        "U opent de patiënt in het PACS of het EPD; de tijdlijn wordt op de achtergrond opgevraagd.",
        "Mitz bepaalt bij welke instellingen onderzoeken beschikbaar zijn en of de patiënt toestemming heeft gegeven.",
        "Op de tijdlijn ziet u per onderzoek de datum, de modaliteit, het onderzochte lichaamsdeel en de bronhouder.",
        "U kiest een onderzoek: het verslag en de beelden worden bij de bron opgehaald en in uw viewer getoond.",
      ],
    },
    { kind: "heading", level: 2, text: "Als u niets ziet" },
    {
      kind: "table",
      columns: [
        { header: "Situatie", width: 0.38 },
        { header: "Mogelijke oorzaak", width: 0.62 },
      ],
      rows: [
        ["Lege tijdlijn", "De patiënt heeft (nog) geen toestemming in Mitz geregistreerd, of er zijn geen onderzoeken bij aangesloten instellingen."],
        ["Onderzoek van een bekende instelling ontbreekt", "Die instelling is nog niet aangesloten op DUO of heeft haar bronnen nog niet in Mitz aangemeld."],
        ["Melding \"gedeeltelijk resultaat\"", "Eén van de bronnen antwoordde niet op tijd; de overige onderzoeken worden wel getoond. Probeer het later opnieuw."],
        ["Beelden laden traag", "Grote onderzoeken (CT, MRI) worden bij de bron opgehaald; de snelheid hangt af van de bron en het netwerk."],
      ],
    },
    { kind: "heading", level: 2, text: "Goed om te weten" },
    {
      kind: "bullets",
      items: [
        "U raadpleegt alleen gegevens van patiënten met wie u een behandelrelatie hebt; iedere raadpleging wordt gelogd.",
        "Opgehaalde onderzoeken importeert u volgens het lokale protocol; ze blijven eigendom van de bronhouder.",
        "In een spoedsituatie zonder geregistreerde toestemming geldt de reguliere route via het Twiin Portaal.",
        "Vragen of verbeterpunten? Meld ze bij uw projectleider; zij worden met het programma en de NVvR gedeeld.",
      ],
    },
    ...contactsTable(ctx, ["project_lead", "radiology", "technical"]),
  ];
}

export function handoutPatientsContent(ctx: ContentContext): Block[] {
  return [
    { kind: "heading", level: 2, text: "Uw beelden beschikbaar waar u behandeld wordt" },
    {
      kind: "paragraph",
      text: `Heeft u een röntgenfoto, CT-scan, MRI of echo laten maken? Dan kan het handig zijn dat een arts in een ander ziekenhuis die beelden ook kan bekijken. Bijvoorbeeld als u wordt doorverwezen, of als u na een ongeluk in een ander ziekenhuis terechtkomt. ${ctx.institution} doet daarom mee aan de landelijke uitwisseling van beelden en verslagen.`,
    },
    { kind: "heading", level: 2, text: "U beslist zelf" },
    {
      kind: "paragraph",
      text: "Uw beelden worden alleen gedeeld als u daar toestemming voor geeft. U regelt uw toestemming via Mitz, bijvoorbeeld op een website voor toestemming in de zorg zoals volgjezorg.nl, of u geeft uw keuze door aan de balie. U kunt uw toestemming altijd weer veranderen of intrekken.",
    },
    {
      kind: "bullets",
      items: [
        "**Geeft u toestemming?** Dan kan een arts die u behandelt uw eerdere beelden en verslagen bekijken.",
        "**Geeft u geen toestemming?** Dan worden uw beelden niet via het landelijke netwerk gedeeld. U krijgt gewoon dezelfde zorg.",
        "**Twijfelt u?** Vraag uw arts of de afdeling radiologie om uitleg.",
      ],
    },
    { kind: "heading", level: 2, text: "Veilig en alleen voor uw zorgverleners" },
    {
      kind: "paragraph",
      text: "Alleen zorgverleners die u behandelen mogen uw gegevens bekijken. Elke keer dat iemand uw beelden opvraagt, wordt dat vastgelegd. Uw beelden blijven bewaard in het ziekenhuis of de kliniek waar ze zijn gemaakt; ze worden niet in één grote database opgeslagen. De verbinding tussen de ziekenhuizen is beveiligd.",
    },
    { kind: "heading", level: 2, text: "Vragen" },
    {
      kind: "paragraph",
      text: `Heeft u vragen over het delen van uw beelden? Stel ze aan uw behandelend arts of aan de afdeling radiologie van ${ctx.institution}${ctx.opts.institution.city ? ` in ${ctx.opts.institution.city}` : ""}. Wilt u weten wie uw gegevens heeft bekeken? Dan kunt u een verzoek indienen bij de functionaris gegevensbescherming van ${ctx.institution}.`,
    },
    {
      kind: "note",
      title: "In het kort",
      text: "Uw beelden delen kan alleen met uw toestemming. U kunt uw keuze altijd veranderen. Alleen uw zorgverleners mogen uw beelden bekijken, en dat wordt vastgelegd.",
    },
  ];
}
