/** The JSON the console API answers (docs/console-api.md), as the console reads it. */

export type Role = 'admin' | 'experimenter';

export interface Account {
  id: number;
  username: string;
  role: Role;
}

/** The answer of login and of GET /api/auth/me. */
export interface SignedIn {
  account: Account;
  csrfToken: string;
}

export interface ManagedAccount extends Account {
  disabled: boolean;
  createdAt: string;
}

export interface ApiToken {
  id: number;
  label: string;
  username: string;
  createdAt: string;
  revokedAt: string | null;
}

/** POST /api/tokens: the token itself is in this answer only. */
export interface CreatedToken {
  id: number;
  label: string;
  token: string;
}

/** An experiment definition: the JSON of experiment.schema.json, edited as plain JSON. */
export type Definition = Record<string, unknown>;

export interface ExperimentSummary {
  slug: string;
  title: string;
  latestVersion: number | null;
  stimulusSet: string;
  trialTypes: string[];
  collecting: boolean;
  hasDraft: boolean;
  /** null for an experiment loaded from the command line (admins only see it). */
  owner: string | null;
  sessions: { started: number; completed: number };
  /** What is true of it: never published, published but nobody took part yet, collecting, or closed. */
  status?: ExperimentStatus;
}

export type ExperimentStatus = 'draft' | 'published-closed' | 'collecting' | 'closed';

/** The words shown for a status. */
export const STATUS_LABELS: Record<ExperimentStatus, string> = {
  draft: 'draft',
  'published-closed': 'published, not open yet',
  collecting: 'collecting',
  closed: 'closed',
};

export interface FieldError {
  field: string;
  message: string;
}

export interface ExperimentDetail {
  slug: string;
  title: string;
  collecting: boolean;
  owner: string | null;
  /** Who may see it, the owner first (access "owner"). */
  access: { username: string; access: string }[];
  versions: { version: number; createdAt: string; definition: Definition }[];
  draft: { definition: Definition; updatedAt: string; errors: FieldError[] } | null;
  status?: ExperimentStatus;
}

export interface Validation {
  valid: boolean;
  errors: FieldError[];
}

export interface SavedDraft {
  slug: string;
  updatedAt: string;
  errors: FieldError[];
}

export interface Published {
  slug: string;
  version: number;
  /** false (answered with 200) when the draft equals the latest version, so nothing was stored. */
  created?: boolean;
}

export interface RecruitmentLinks {
  direct: string;
  prolific: string;
  mturk: string;
  sona: string;
}

export interface MonitorSession {
  session: string;
  status: string;
  createdAt: string;
  lastActivityAt: string | null;
  refreshHz: number | null;
  answered: number;
  total: number;
  timingOkShare: number | null;
  /** The participant's id from the recruiter (PROLIFIC_PID, workerId, …), if the link carried one. */
  recruitmentId?: string | null;
}

export interface Monitor {
  sessions: { started: number; screenChecked: number; completed: number; abandoned: number };
  trials: { answered: number; timingOk: number; timingOkShare: number | null };
  refreshHz: RefreshBin[];
  recent: MonitorSession[];
}

export interface RefreshBin {
  hz: number;
  sessions: number;
}

export interface StimulusSet {
  id: number;
  name: string;
  version: string;
  images: number;
  categories: { name: string; images: number }[];
  importedAt: string;
}

export interface StimulusImage {
  index: number;
  file: string;
  category: string;
  sha256: string;
  url: string;
  /** The stimulus participants see: fitted, at render size, manipulated (issue 10). */
  shownUrl: string;
}

export interface Model {
  id: number;
  name: string;
  version: string | number;
  categories: string[];
  testAccuracy: number | null;
  registeredAt: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A scoring job (POST/GET /api/jobs), a ClickMe map job (/api/clickme/map-jobs) or a triplet job (/api/triplet-jobs). */
export interface Job {
  id: number;
  status: JobStatus;
  done: number;
  total: number;
  ratePerSecond: number;
  model: string;
  experiment: string;
  method?: string;
  error: string | null;
  /** Triplet jobs: how the model's vectors are compared (cosine or dot) and where they come from (embedding or probabilities). */
  similarity?: string;
  source?: string;
  /** Triplet jobs: triplets the model had answered already (same similarity and source), counted in done. */
  reused?: number;
  /** Scoring jobs: what the workers found worth telling, each once (e.g. a resize by more than 2×). */
  warnings?: string[];
  createdAt: string;
  finishedAt: string | null;
}

/** Share of correct trials with its 95% Wilson interval (analysis/Accuracy.java). */
export interface Accuracy {
  correct: number;
  trials: number;
  proportion: number | null;
  interval: { lower: number; upper: number };
}

export interface AccuracyCell {
  observer: string;
  kind: string;
  /** null: the total over all conditions. */
  condition: string | null;
  accuracy: Accuracy;
}

/** Jackson writes NaN as the string "NaN" (a pair with no shared trial variance). */
export type Figure = number | string | null;

/** A 95 % range (analysis/Range.java). */
export interface Range {
  low: number;
  high: number;
}

/** Mean over the pairs of one kind (analysis/PairwiseConsistency.KindSummary); figures null when no pair has enough shared trials. */
export interface PairKindSummary {
  pairKind: string;
  pairs: number;
  pairsBelowMinimum: number;
  observedConsistency: Figure;
  kappa: Figure;
  kappaChance: Range | null;
  kappaCi: Range | null;
  exceedsChance: boolean | null;
  squaredAccuracyDifference: Figure;
}

/** One pair in one condition, or (condition null) its mean over the conditions with enough shared trials. */
export interface PairResult {
  first: string;
  second: string;
  pairKind: string;
  condition: string | null;
  sharedTrials: number;
  conditions: number;
  conditionsUsed: number;
  observedConsistency: Figure;
  expectedConsistency: Figure;
  kappa: Figure;
  kappaChance: Range | null;
  kappaCi: Range | null;
  exceedsChance: boolean | null;
  squaredAccuracyDifference: Figure;
}

/** The fitted psychometric function of a curve (analysis/PsychometricFit.java). */
export interface PsychometricFit {
  guessRate: number;
  alpha: number;
  beta: number;
  lapse: number;
  thresholdAccuracy: number;
  thresholdMs: number | null;
  thresholdCi: Range | null;
  bootstrapFits: number;
}

/** People's accuracy in one manipulation and level against duration or frames (analysis/PsychometricCurve.java). */
export interface PsychometricCurve {
  group: string;
  kind: string;
  manipulation: string | null;
  level: string | null;
  axis: 'REQUESTED_MS' | 'FRAMES_SHOWN';
  refreshHz: number | null;
  points: Array<{ x: number; manipulation: string | null; level: string | null; accuracy: Accuracy }>;
  fit: PsychometricFit | null;
}

/** A model's accuracy in one manipulation and level (analysis/ModelReference.java). */
export interface ModelReference {
  model: string;
  manipulation: string | null;
  level: string | null;
  wholeDesign: Accuracy | null;
  trialsPeopleSaw: Accuracy | null;
}

/** GET /api/experiments/{slug}/metrics (analysis/MetricsService.Metrics). */
export interface Metrics {
  experiment: string;
  accuracyByObserver: AccuracyCell[];
  accuracyByGroup: AccuracyCell[];
  confusion: { categories: string[]; counts: number[][] };
  /** A pair × condition cell enters the means only with at least this many shared trials. */
  minSharedTrials: number;
  kappaChanceMethod: string;
  kappaCiMethod: string;
  consistencyByPairKind: PairKindSummary[];
  consistency: PairResult[];
  byRequestedMs: PsychometricCurve[];
  byFramesShown: PsychometricCurve[];
  modelReferences: ModelReference[];
}

/** A value with its 95 % interval; value null when there was nothing to compute it from (triplet/TripletAnalysis.Estimate). */
export interface Estimate {
  value: Figure;
  ci: Range | null;
}

/** GET /api/experiments/{slug}/metrics of a triplet experiment (triplet/TripletMetricsService.Report, docs/triplet.md). */
export interface TripletMetrics {
  experiment: string;
  version: number;
  options: { catchThreshold: number; similarity: string; distance: string; resamples: number; splits: number; seed: number };
  /** Image files in the version's order; an RDM's rows. */
  images: string[];
  counts: { judgements: number; catchJudgements: number; triplets: number; participants: number; excludedParticipants: number };
  analysis: {
    catchTrials: { participant: string; right: number; trials: number; accuracy: Figure; ci: { lower: number; upper: number } | null; excluded: boolean }[];
    /** Each observer's agreement with the majority of the others on the triplets that had one. */
    observers: { observer: string; kind: string; accuracy: Figure; scoredTrials: number; ci: Range | null }[];
    noiseCeiling: Estimate;
    /** Triplets judged by at least two included people, and their judgements. */
    ceilingTriplets: number;
    ceilingJudgements: number;
    /** normalised: (agreement − 1/3) / (ceiling − 1/3); value null when the ceiling is at or below chance. */
    models: { model: string; agreement: Estimate; humanJudgements: number; normalised: Estimate }[];
  };
  /** Split-half Spearman ρ of the people's RDM, with the range over the splits. */
  rsaCeiling: { ceiling: Figure; range: Range | null; splits: number };
  rsa: { model: string; rsa: Figure; pairs: number; ci: Range | null }[];
  coverage: { model: string; sources: string[]; answeredTriplets: number; triplets: number }[];
}

export interface ImageAlignment {
  stimulusSha256: string;
  imageIndex: number;
  imageFile: string;
  category: string;
  participants: number;
  /** Raw split-half ρ r (maps of half the participants). */
  splitHalfCeiling: Figure;
  /** Spearman–Brown corrected: 2r / (1 + r). */
  ceiling: Figure;
  /** √ceiling: what a noise-free model map can reach. */
  modelCeiling: Figure;
  spearman: Figure;
  normalizedSpearman: Figure;
  dice: Figure;
  iou: Figure;
}

/** GET /api/experiments/{slug}/clickme/alignment (clickme/AlignmentService.Report). */
export interface AlignmentReport {
  experiment: string;
  model: string | null;
  method: string;
  images: ImageAlignment[];
  summary: {
    images: number;
    imagesWithModelMap: number;
    meanSplitHalfCeiling: Figure;
    meanCeiling: Figure;
    meanSpearman: Figure;
    /** The ceilings over the images of meanSpearman; null without a model. */
    modelImages: { splitHalfCeiling: Figure; ceiling: Figure; modelCeiling: Figure } | null;
    /** null: no model, or the ceiling is not above ceilingFloor. */
    normalizedSpearman: Figure | null;
    /** 95 % bootstrap interval over images; null without normalizedSpearman. */
    normalizedSpearmanCi: { low: number; high: number } | null;
    ceilingFloor: number;
    meanDice: Figure;
    meanIou: Figure;
  };
}

/** A proportion with its 95% Wilson interval; value null when nothing was counted. */
export interface Share {
  count: number;
  of: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
}

export interface OverviewParticipant {
  session: string;
  recruitmentIds: Record<string, string>;
  status: string;
  pilot: boolean;
  excludedReason: string | null;
  durationS: number | null;
  answered: number;
  total: number;
  accuracy: number | null;
  timingFlags: number;
}

export interface OverviewCell {
  trialType: string;
  /** null for triplet trials, which have no manipulation. */
  manipulation: string | null;
  level: number | null;
  durationMs: number | null;
  assigned: number;
  answered: number;
}

/** GET /api/experiments/{slug}/overview (issue 14). */
export interface StudyOverview {
  slug: string;
  targetParticipants: number | null;
  collecting: boolean;
  includesPilots: boolean;
  counts: {
    started: number; inProgress: number; completed: number; abandoned: number; screenedOut: number;
    excluded: number; withdrawn: number; pilots: number;
  };
  completionRate: Share;
  medianDurationS: number | null;
  cells: OverviewCell[];
  balance: { minAssigned: number; maxAssigned: number; spread: number };
  timingOk: Share;
  participants: OverviewParticipant[];
}

export interface DeletionAudit {
  id: number;
  deletedAt: string;
  deletedBy: string | null;
  what: string;
  reason: string;
  rows: Record<string, number>;
}

/** A trial as a participant would get it (GET …/preview). */
export interface TrialPreview {
  index: number;
  type: string;
  block: number;
  practice: boolean;
  /** null for a triplet trial, which shows stimulusUrls. */
  stimulusUrl: string | null;
  /** A triplet trial's three images, left to right. */
  stimulusUrls?: string[] | null;
  maskUrl: string | null;
  requestedMs: number | null;
  plannedFrames: number | null;
  fixationFrames: number | null;
  blankFrames: number | null;
  maskFrames: number | null;
  correctCategory: string | null;
}
