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

/** A scoring job (POST/GET /api/jobs) or a ClickMe map job (/api/clickme/map-jobs). */
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

export interface PairKindSummary {
  pairKind: string;
  pairs: number;
  observedConsistency: Figure;
  errorConsistency: Figure;
  squaredAccuracyDifference: Figure;
}

/** GET /api/experiments/{slug}/metrics (analysis/MetricsService.Metrics). */
export interface Metrics {
  experiment: string;
  accuracyByObserver: AccuracyCell[];
  accuracyByGroup: AccuracyCell[];
  confusion: { categories: string[]; counts: number[][] };
  consistencyByPairKind: PairKindSummary[];
}

export interface ImageAlignment {
  stimulusSha256: string;
  imageIndex: number;
  imageFile: string;
  category: string;
  participants: number;
  ceiling: Figure;
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
    meanCeiling: Figure;
    meanSpearman: Figure;
    normalizedSpearman: Figure;
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
  manipulation: string;
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
  stimulusUrl: string;
  maskUrl: string | null;
  requestedMs: number | null;
  plannedFrames: number | null;
  fixationFrames: number | null;
  blankFrames: number | null;
  maskFrames: number | null;
  correctCategory: string | null;
}
