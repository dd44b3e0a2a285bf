/**
 * Entry point of the participant runtime, served for /run/{slug}: wires the browser's
 * fetch, localStorage, rAF and image decoding into the participant flow.
 */
import './style.css';
import { TandemApi } from './core/api';
import { ImageCache } from './core/images';
import { browserFrames } from './core/timing';
import { runParticipant } from './participant/flow';
import { runWithdrawal } from './participant/withdraw';

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');

if (window.location.pathname === '/withdraw') {
  runWithdrawal(new TandemApi(), root, window);
} else {
  void runParticipant({
  api: new TandemApi(),
  storage: window.localStorage,
  location: window.location,
  root,
  window,
  frames: browserFrames,
  images: new ImageCache(),
  navigate: (url) => window.location.assign(url),
  }).catch((e: unknown) => console.error('tandem:', e));
}
