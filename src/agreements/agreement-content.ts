import type { CarePhase, Fees, Products, TimeUnit } from '../offerings/offering-content';

/**
 * What a care agreement records: a snapshot, taken from the client's intake, the confirmed
 * reflection, a published offering version and the expectations check, then completed by the
 * practitioner and the client together. From the proposal on it is hashed; once the client signs
 * it never changes.
 */
export const OPTION_KINDS = ['offering', 'watchful_waiting', 'referral', 'other_approach', 'other_modality'] as const;
export type OptionKind = (typeof OPTION_KINDS)[number];

/** Every option is described in equal detail, as shared decision-making asks. */
export interface AgreementOption {
  kind: OptionKind;
  title: string;
  involves: string;
  benefits: string;
  drawbacks: string;
  uncertainty: string;
  timeAndCost: string;
}

export interface DatedPhase {
  name: string;
  from: string;
  /** Null for the last phase: it goes on. */
  to: string | null;
  cadence: string;
  minutesPerVisit: number;
  homePractice: string;
  feePerVisitMinor: number;
  description: string;
}

export interface GoodFaithEstimateItem {
  provider: string;
  description: string;
  serviceCodes: string[];
  diagnosisCodes: string[];
  quantity: number;
  unitChargeMinor: number;
  totalMinor: number;
}

/** The elements 45 CFR 149.610 asks of a Good Faith Estimate for an uninsured or self-pay client. */
export interface GoodFaithEstimate {
  clientName: string;
  clientDateOfBirth: string;
  issuedOn: string;
  periodFrom: string;
  periodTo: string;
  provider: { name: string; npi: string; tin: string; location: string };
  items: GoodFaithEstimateItem[];
  totalMinor: number;
  currency: string;
  disclaimers: string[];
}

export interface AgreementContent {
  practice: { name: string; address: string; phone: string; email: string };
  client: { name: string; dateOfBirth: string | null; email: string | null };
  practitioner: { id: string; name: string };
  offering: { id: string; versionId: string; version: number; title: string };
  /** In the client's own words. */
  story: { excerpt: string; goals: Array<{ id: string; text: string }>; support: string };
  /** What the practitioner heard, as the client confirmed it; or why the agreement goes ahead without. */
  reflection: { story: string; mattersMost: string; goals: Record<string, string>; confirmed: boolean; note: string };
  options: AgreementOption[];
  /** The option the client chose (an index into options) and why, in their words. */
  choice: { option: number; reasons: string };
  schedule: {
    startDate: string;
    phases: DatedPhase[];
    trial: { length: number; unit: TimeUnit; endDate: string; expectedChanges: string };
    reviewDate: string;
    ifNothingChanges: string;
    timePerWeek: string;
    projections: Array<{ label: string; visits: string; cost: string }>;
  };
  fees: Fees;
  products: Products;
  /**
   * The numbers the schedule, time each week, projections and Good Faith Estimate are computed from:
   * the offering version's care arc, which an amendment may change ("lighten the cadence"). Absent in
   * agreements drafted before it was recorded; their care arc cannot be edited.
   */
  careArc?: CarePhase[];
  commitments: { practitioner: string; client: string };
  findings: Array<{ key: string; title: string; level: string; toClient: string; resolution: string }>;
  goodFaithEstimate: GoodFaithEstimate | null;
}

export type { CarePhase };
