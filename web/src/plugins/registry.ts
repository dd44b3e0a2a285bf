/**
 * The trial-kind registry (DESIGN.md, "Trial kinds"; issue 13): every kind of trial the server
 * can plan registers one {@link TrialPlugin} here, keyed by the server's trial type string. The
 * participant flow looks the plugin up by a block's type and never names a kind, so adding a
 * kind means writing its package under `plugins/` and adding one line to {@link plugins}
 * (docs/trial-kinds.md).
 */
import type { Experiment, SessionCredentials, TandemApi, Trial, TrialType } from '../core/api';
import type { ImageCache } from '../core/images';
import type { QueuedRecord } from '../core/queue';
import type { FrameSource, RefreshMeasurement } from '../core/timing';
import type { TextTable, TextKey } from '../participant/texts';
import { clickmePlugin } from './clickme/plugin';
import { maskedPlugin } from './masked/plugin';
import { tripletPlugin } from './triplet/plugin';

/** What a parameter of a plugin is, in the manner of jsPsych's `ParameterType`. */
export type ParamType = 'object' | 'array' | 'number' | 'string' | 'image' | 'function';
/** What a recorded data field is. */
export type DataType = 'string' | 'int' | 'float' | 'bool' | 'object' | 'array';

/** A plugin's self-description, in the manner of jsPsych's `info`. */
export interface PluginInfo {
  /** The server's trial type string the plugin runs. */
  readonly name: TrialType;
  /** `<name>@<semver>`; every record carries it. */
  readonly version: string;
  /** Parameters `trial(display, params)` takes. */
  readonly parameters: Readonly<Record<string, { readonly type: ParamType; readonly description: string }>>;
  /** Fields of the record the trial resolves to. */
  readonly data: Readonly<Record<string, { readonly type: DataType; readonly description: string }>>;
}

/** What a plugin needs from the browser; tests replace it. */
export interface TrialEnvironment {
  frames: FrameSource;
  document: Document;
  now: () => number;
  newId: () => string;
  clock: () => Date;
}

/** A display a plugin builds once per session and reuses for every trial of its kind. */
export interface PluginDisplay {
  readonly root: HTMLElement;
}

/**
 * Where a kind's records go: a persistent queue of the session (core/queue.ts) and the request
 * that delivers a batch. Kinds may share a channel; the flow makes one queue per distinct name.
 */
export interface ResultChannel<R extends QueuedRecord> {
  /**
   * The queue's name in its storage keys ('' for the session's first queue). Never change it:
   * records of open sessions wait in browsers under it.
   */
  readonly queueName: string;
  /** The request body's array field, as the server's error paths name it. */
  readonly field: string;
  /** Sends one batch; resolves to the confirmed responseIds. */
  send(api: TandemApi, creds: SessionCredentials, records: R[]): Promise<string[]>;
}

/** What the flow hands a plugin for one block. */
export interface BlockContext<R extends QueuedRecord> {
  experiment: Experiment;
  root: HTMLElement;
  window: Window;
  images: ImageCache;
  refresh: RefreshMeasurement;
  texts: TextTable;
  api: TandemApi;
  creds: SessionCredentials;
  /** Queues a record for delivery and counts its trial done; call it as soon as the record exists. */
  recorded(record: R): void;
}

/**
 * One trial kind, as the participant flow runs it. `trial(display, params, env)` is the
 * jsPsych-like entry point of the kind's package; the other members tell the flow what to load,
 * what to say before a block, and how to turn a server trial into the trial's params.
 */
export interface TrialPlugin<D extends PluginDisplay, P, R extends QueuedRecord> {
  readonly info: PluginInfo;
  /** The block-start screen's text ({count} = the block's unanswered trials). */
  readonly blockTextKey: TextKey;
  /** Frames to wait after the display is shown, before the first trial (layout settling). */
  readonly settleFrames: number;
  readonly results: ResultChannel<R>;
  /** Runs one trial; resolves with its record after the trial's last screen. */
  trial(display: D, params: P, env: TrialEnvironment): Promise<R>;
  /** Image URLs one trial needs decoded before its block starts. */
  imageUrls(trial: Trial): string[];
  /** Builds the kind's display, hidden, under `root`. */
  createDisplay(root: HTMLElement, experiment: Experiment, window: Window): D;
  /** Checks the block can run and sizes the display for its images (display still hidden). */
  prepareBlock(display: D, trials: readonly Trial[], ctx: BlockContext<R>): void;
  /** The params of `trial` for one server trial. */
  params(display: D, trial: Trial, ctx: BlockContext<R>): P;
}

/** Any registered plugin (method parameters are checked per kind where the kind is written). */
export type AnyTrialPlugin = TrialPlugin<PluginDisplay, any, QueuedRecord>;

/** The registry: one line per kind, keyed by the server's trial type. */
export const plugins: Readonly<Record<TrialType, AnyTrialPlugin>> = {
  masked: maskedPlugin,
  clickme: clickmePlugin,
  triplet: tripletPlugin,
};

/** Older servers send no type on trials and blocks: those are the first kind the server had. */
export const DEFAULT_TRIAL_TYPE: TrialType = maskedPlugin.info.name;

/** The plugin for a block's or trial's type. */
export function pluginFor(type: TrialType | undefined): AnyTrialPlugin {
  const plugin = (plugins as Partial<Record<string, AnyTrialPlugin>>)[type ?? DEFAULT_TRIAL_TYPE];
  if (plugin === undefined) throw new Error(`no plugin is registered for trial type "${String(type)}"`);
  return plugin;
}

/** The distinct result channels of all registered kinds, in registry order. */
export function resultChannels(): ResultChannel<QueuedRecord>[] {
  const byName = new Map<string, ResultChannel<QueuedRecord>>();
  for (const p of Object.values(plugins)) if (!byName.has(p.results.queueName)) byName.set(p.results.queueName, p.results);
  return [...byName.values()];
}
