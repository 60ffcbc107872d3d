/**
 * What a practitioner publishes about one offering. A draft holds a partial copy (any field may be
 * missing while they write); a published version holds a complete one that never changes.
 * Money is in integer minor units of `fees.currency`.
 */
export const MODALITIES = [
  'medical',
  'osteopathic',
  'chiropractic',
  'naturopathic',
  'homeopathic',
  'psychotherapy_counseling',
  'bodywork_massage',
  'nutrition',
  'energy_healing',
  'other',
] as const;
export type Modality = (typeof MODALITIES)[number];

export const MODALITY_LABELS: Record<Modality, string> = {
  medical: 'Medical',
  osteopathic: 'Osteopathic',
  chiropractic: 'Chiropractic',
  naturopathic: 'Naturopathic',
  homeopathic: 'Homeopathic',
  psychotherapy_counseling: 'Psychotherapy and counseling',
  bodywork_massage: 'Bodywork and massage',
  nutrition: 'Nutrition',
  energy_healing: 'Energy healing',
  other: 'Other',
};

export const TIME_UNITS = ['days', 'weeks', 'months'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export const IF_NOTHING_CHANGES = ['reassess', 'change_course', 'refer'] as const;
export type IfNothingChanges = (typeof IF_NOTHING_CHANGES)[number];

export const CADENCE_PERIODS = ['week', 'month'] as const;
export type CadencePeriod = (typeof CADENCE_PERIODS)[number];

export const HOME_PRACTICE_PERIODS = ['day', 'week'] as const;
export type HomePracticePeriod = (typeof HOME_PRACTICE_PERIODS)[number];

export const PRODUCT_POLICIES = ['none', 'optional', 'required'] as const;
export type ProductPolicy = (typeof PRODUCT_POLICIES)[number];

export const ALTERNATIVE_KINDS = ['other_approach', 'other_modality', 'referral', 'watchful_waiting'] as const;
export type AlternativeKind = (typeof ALTERNATIVE_KINDS)[number];

export interface TrialPeriod {
  length: number;
  unit: TimeUnit;
  /** What a client can reasonably notice by the end. */
  expectedChanges: string;
  ifNothingChanges: IfNothingChanges[];
  /** In the practitioner's words: what happens then. */
  ifNothingChangesNote: string;
}

export interface CarePhase {
  name: string;
  /** Cadence: `visits` visits every `every` weeks or months ("1 every 2 weeks", "2 every 1 week"). */
  visits: number;
  every: number;
  per: CadencePeriod;
  /** Null only for the last phase: it goes on. */
  lengthWeeks: number | null;
  minutesPerVisit: number;
  homePracticeMinutes: number;
  homePracticePer: HomePracticePeriod;
  description: string;
  feePerVisitMinor: number;
  /** For a Good Faith Estimate (US self-pay); optional. */
  serviceCodes: string[];
}

export interface FeePackage {
  name: string;
  visits: number;
  priceMinor: number;
  description: string;
}

export interface SlidingScale {
  /** Percent of the listed fee a client may pay, lowest and highest. */
  minPercent: number;
  maxPercent: number;
  howDecided: string;
}

export interface Fees {
  currency: string;
  packages: FeePackage[];
  slidingScale: SlidingScale | null;
  fairExchangeNote: string;
  included: string;
  notIncluded: string;
  cancellationPolicy: string;
}

export interface ProductItem {
  name: string;
  kind: 'product' | 'test';
  priceMinor: number;
  why: string;
  required: boolean;
}

export interface Products {
  policy: ProductPolicy;
  items: ProductItem[];
}

export interface Alternative {
  kind: AlternativeKind;
  title: string;
  description: string;
  whenBetter: string;
}

export interface EstimateData {
  npi: string;
  tin: string;
  serviceLocation: string;
}

export interface OfferingContent {
  title: string;
  modality: Modality;
  practitionerIds: string[];
  summary: string;
  howWeWork: string;
  trialPeriod: TrialPeriod;
  careArc: CarePhase[];
  fees: Fees;
  products: Products;
  alternatives: Alternative[];
  estimate: EstimateData | null;
}

/** A draft may be incomplete in any way, but what is there has the right shape. */
export interface OfferingDraft {
  title?: string;
  modality?: Modality;
  practitionerIds?: string[];
  summary?: string;
  howWeWork?: string;
  trialPeriod?: Partial<TrialPeriod>;
  careArc?: Partial<CarePhase>[];
  fees?: Partial<Omit<Fees, 'packages' | 'slidingScale'>> & {
    packages?: Partial<FeePackage>[];
    slidingScale?: Partial<SlidingScale> | null;
  };
  products?: { policy?: ProductPolicy; items?: Partial<ProductItem>[] };
  alternatives?: Partial<Alternative>[];
  estimate?: Partial<EstimateData> | null;
}
