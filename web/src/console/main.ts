/**
 * Entry point of the experimenter console, served for /console and every /console/... path.
 * A separate Vite entry from the participant page (src/main.ts), which never loads this code.
 */
import './console.css';
import { ConsoleApp } from './app';

const root = document.getElementById('console');
if (root === null) throw new Error('console.html has no #console element');

new ConsoleApp(root, window).start();
