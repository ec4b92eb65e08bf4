/** The labels live in db/ so the write side (resets) can show them too; queries read them from here. */
export { codeLabels } from '../db/code-labels.js';
