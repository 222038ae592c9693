/** Input types of the toolkit generators (plain data, as the portal loads it). */

export type Locale = "nl" | "en";

export const DOCUMENT_TYPE_IDS = [
  "agreement",
  "dpia_guide",
  "architecture",
  "implementation_plan",
  "intake_form",
  "handout_management",
  "handout_ciso_fg",
  "handout_radiologists",
  "handout_patients",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPE_IDS)[number];

/** A date as ISO `YYYY-MM-DD` (taken as a calendar date, no time zone shift) or a Date. */
export type DateInput = string | Date;

export interface VersionInfo {
  label: string;
  publishedOn: DateInput;
  changeNote: string;
}

export interface ContactInfo {
  /** e.g. project_lead, ciso, fg, technical, management, radiology, communication */
  role: string;
  name: string;
  email?: string | null;
  phone?: string | null;
}

export interface InstitutionInfo {
  name: string;
  ura: string;
  agb?: string | null;
  kvk?: string | null;
  city?: string | null;
  province?: string | null;
  /** Vendor name as shown in the portal (Enovation, Founda, Alphatron) or null when not chosen. */
  vendor: string | null;
  contacts: ContactInfo[];
}

export interface EndpointInfo {
  environment: string; // acceptance | production
  transaction: string; // ITI-38 | ITI-39 | RAD-75
  url: string;
  homeCommunityId: string;
  status: string; // active | suspended | off | entered-in-error
}

export interface OnboardingStepInfo {
  title: string;
  state: string; // open | reported | verified | rejected | not_applicable
  date?: DateInput | null;
}

export interface OnboardingInfo {
  readinessPercent: number;
  phaseLabel: string;
  steps: OnboardingStepInfo[];
}

export interface ToolkitOptions {
  version: VersionInfo;
  institution: InstitutionInfo;
  endpoints: EndpointInfo[];
  onboarding: OnboardingInfo;
  /** The moment shown in every footer; passed in so output is reproducible. */
  generatedAt: Date;
  /** Language of the document chrome (headers, footers, table headings). Body text is Dutch. */
  locale?: Locale;
}

export interface DocumentOptions extends ToolkitOptions {
  documentType: DocumentType;
}

export interface PackOptions extends ToolkitOptions {
  /** Per-document versions; documents not listed use `version`. */
  versions?: Partial<Record<DocumentType, VersionInfo>>;
  /** Subset and order of documents; defaults to all of DOCUMENT_TYPE_IDS. */
  documentTypes?: DocumentType[];
}
